/**
 * `completion bash|zsh|fish|powershell`: etcdctl 3.4's command (cobra's generator), with its help
 * texts byte for byte. The scripts are ours (src/completion/scripts.ts): they name etcdctl-ts and
 * ask it, through the hidden `__complete` command, for commands, flags, and keys, lease IDs,
 * member IDs and service names from the live cluster.
 */
import { Command } from 'commander';
import type { CommandContext } from '../cli/context.js';
import { flag } from '../cli/flags.js';
import { FlagError } from '../core/errors.js';
import { completionScript, type Shell } from '../completion/scripts.js';

/** The program name the scripts complete and call back. */
export const PROGRAM = 'etcdctl-ts';

const HELP: Readonly<Record<Shell, { summary: string; description: string }>> = {
  bash: {
    summary: 'Generate the autocompletion script for bash',
    description: `Generate the autocompletion script for the bash shell.

This script depends on the 'bash-completion' package.
If it is not installed already, you can install it via your OS's package manager.

To load completions in your current shell session:

\tsource <(etcdctl completion bash)

To load completions for every new session, execute once:

#### Linux:

\tetcdctl completion bash > /etc/bash_completion.d/etcdctl

#### macOS:

\tetcdctl completion bash > $(brew --prefix)/etc/bash_completion.d/etcdctl

You will need to start a new shell for this setup to take effect.`,
  },
  fish: {
    summary: 'Generate the autocompletion script for fish',
    description: `Generate the autocompletion script for the fish shell.

To load completions in your current shell session:

\tetcdctl completion fish | source

To load completions for every new session, execute once:

\tetcdctl completion fish > ~/.config/fish/completions/etcdctl.fish

You will need to start a new shell for this setup to take effect.`,
  },
  powershell: {
    summary: 'Generate the autocompletion script for powershell',
    description: `Generate the autocompletion script for powershell.

To load completions in your current shell session:

\tetcdctl completion powershell | Out-String | Invoke-Expression

To load completions for every new session, add the output of the above command
to your powershell profile.`,
  },
  zsh: {
    summary: 'Generate the autocompletion script for zsh',
    description: `Generate the autocompletion script for the zsh shell.

If shell completion is not already enabled in your environment you will need
to enable it.  You can execute the following once:

\techo "autoload -U compinit; compinit" >> ~/.zshrc

To load completions in your current shell session:

\tsource <(etcdctl completion zsh); compdef _etcdctl etcdctl

To load completions for every new session, execute once:

#### Linux:

\tetcdctl completion zsh > "\${fpath[1]}/_etcdctl"

#### macOS:

\tetcdctl completion zsh > $(brew --prefix)/share/zsh/site-functions/_etcdctl

You will need to start a new shell for this setup to take effect.`,
  },
};

export interface CompletionInput {
  readonly shell: Shell;
  readonly descriptions: boolean;
}

export function completionCommand(ctx: CommandContext): Command {
  const cmd = new Command('completion')
    .summary('Generate the autocompletion script for the specified shell')
    .description(
      "Generate the autocompletion script for etcdctl for the specified shell.\nSee each sub-command's help for details on how to use the generated script.",
    );
  for (const shell of ['bash', 'zsh', 'fish', 'powershell'] as const) {
    const sub = new Command(shell).summary(HELP[shell].summary).description(HELP[shell].description).argument('[args...]');
    // compat(etcdctl): cobra's bash completion command sets DisableFlagsInUseLine.
    if (shell === 'bash') (sub as unknown as { disableFlagsInUseLine: boolean }).disableFlagsInUseLine = true;
    flag(sub, 'bool', 'no-descriptions', 'false', 'disable completion descriptions');
    sub.action((args: string[], opts: { descriptions?: boolean; noDescriptions?: boolean }) =>
      runCompletion(parseCompletionArgs(shell, args, opts), ctx),
    );
    cmd.addCommand(sub);
  }
  return cmd;
}

export function parseCompletionArgs(shell: Shell, args: readonly string[], o: { noDescriptions?: boolean }): CompletionInput {
  // compat(etcdctl): cobra's completion subcommands take no arguments (cobra.NoArgs).
  if (args.length > 0) throw new FlagError(`unknown command "${args[0]!}" for "etcdctl completion ${shell}"`, ['completion', shell]);
  return { shell, descriptions: o.noDescriptions !== true };
}

export async function runCompletion(input: CompletionInput, ctx: CommandContext): Promise<void> {
  ctx.io.stdout.write(completionScript(input.shell, { prog: PROGRAM, descriptions: input.descriptions }));
  await Promise.resolve();
}
