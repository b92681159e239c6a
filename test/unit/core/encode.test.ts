import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import {
  base64,
  goDuration,
  goJsonNumber,
  goJsonString,
  goQuote,
  goQuoteString,
  goStringSlice,
  hexEscape,
  hexId,
  hexId016,
  hexId16,
  humanizeBytes,
} from '../../../src/core/encode.js';

// Unless a case says otherwise, the expected strings were captured from etcdctl 3.4.23 (Go 1.19.8)
// against etcd 3.4.23: `get -w fields` (%q), `get -w json` (base64), `get --hex`,
// `user list -w json` / `role list -w json|fields` (JSON strings and %q of names), `lease
// timetolive` (%016x), `member add|remove|list` (%16x, %x) and `endpoint status -w json|table`
// (humanized DB SIZE).

const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));
const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

// [bytes, %q, base64, --hex], captured with `printf … | etcdctl put`, then get -w fields|json / --hex.
const captured: readonly (readonly [string, string, string, string])[] = [
  ['eda080', '"\\xed\\xa0\\x80"', '7aCA', '\\xed\\xa0\\x80'],
  ['edbfbf', '"\\xed\\xbf\\xbf"', '7b+/', '\\xed\\xbf\\xbf'],
  ['ed9fbf', '"\\ud7ff"', '7Z+/', '\\xed\\x9f\\xbf'],
  ['c080', '"\\xc0\\x80"', 'wIA=', '\\xc0\\x80'],
  ['c1bf', '"\\xc1\\xbf"', 'wb8=', '\\xc1\\xbf'],
  ['e08080', '"\\xe0\\x80\\x80"', '4ICA', '\\xe0\\x80\\x80'],
  ['e09fbf', '"\\xe0\\x9f\\xbf"', '4J+/', '\\xe0\\x9f\\xbf'],
  ['e0a080', '"ࠀ"', '4KCA', '\\xe0\\xa0\\x80'],
  ['f0808080', '"\\xf0\\x80\\x80\\x80"', '8ICAgA==', '\\xf0\\x80\\x80\\x80'],
  ['f08fbfbf', '"\\xf0\\x8f\\xbf\\xbf"', '8I+/vw==', '\\xf0\\x8f\\xbf\\xbf'],
  ['f0908080', '"𐀀"', '8JCAgA==', '\\xf0\\x90\\x80\\x80'],
  ['f48fbfbf', '"\\U0010ffff"', '9I+/vw==', '\\xf4\\x8f\\xbf\\xbf'],
  ['f4908080', '"\\xf4\\x90\\x80\\x80"', '9JCAgA==', '\\xf4\\x90\\x80\\x80'],
  ['f5808080', '"\\xf5\\x80\\x80\\x80"', '9YCAgA==', '\\xf5\\x80\\x80\\x80'],
  ['e4b8', '"\\xe4\\xb8"', '5Lg=', '\\xe4\\xb8'],
  ['e4b841', '"\\xe4\\xb8A"', '5LhB', '\\xe4\\xb8\\x41'],
  ['f09f98', '"\\xf0\\x9f\\x98"', '8J+Y', '\\xf0\\x9f\\x98'],
  ['f09f41', '"\\xf0\\x9fA"', '8J9B', '\\xf0\\x9f\\x41'],
  ['80', '"\\x80"', 'gA==', '\\x80'],
  ['bf80', '"\\xbf\\x80"', 'v4A=', '\\xbf\\x80'],
  ['efbfbd', '"�"', '77+9', '\\xef\\xbf\\xbd'],
  ['efbfbe', '"\\ufffe"', '77++', '\\xef\\xbf\\xbe'],
  ['efbbbf', '"\\ufeff"', '77u/', '\\xef\\xbb\\xbf'],
  ['e280a8e280a9', '"\\u2028\\u2029"', '4oCo4oCp', '\\xe2\\x80\\xa8\\xe2\\x80\\xa9'],
  ['f3a08081', '"\\U000e0001"', '86CAgQ==', '\\xf3\\xa0\\x80\\x81'],
  ['c2ad', '"\\u00ad"', 'wq0=', '\\xc2\\xad'],
  ['cdb8', '"\\u0378"', 'zbg=', '\\xcd\\xb8'],
  ['900841f0417fe2ff0a9f84bdf380fe800444ec', '"\\x90\\bA\\xf0A\\x7f\\xe2\\xff\\n\\x9f\\x84\\xbd\\xf3\\x80\\xfe\\x80\\x04D\\xec"', 'kAhB8EF/4v8Kn4S984D+gARE7A==', '\\x90\\x08\\x41\\xf0\\x41\\x7f\\xe2\\xff\\x0a\\x9f\\x84\\xbd\\xf3\\x80\\xfe\\x80\\x04\\x44\\xec'],
  ['48281beef30cc0eefe280cc263ec01a00a', '"H(\\x1b\\xee\\xf3\\f\\xc0\\xee\\xfe(\\f\\xc2c\\xec\\x01\\xa0\\n"', 'SCgb7vMMwO7+KAzCY+wBoAo=', '\\x48\\x28\\x1b\\xee\\xf3\\x0c\\xc0\\xee\\xfe\\x28\\x0c\\xc2\\x63\\xec\\x01\\xa0\\x0a'],
  ['b4efcc', '"\\xb4\\xef\\xcc"', 'tO/M', '\\xb4\\xef\\xcc'],
  ['14fef5500a8090c0f3febdfefe', '"\\x14\\xfe\\xf5P\\n\\x80\\x90\\xc0\\xf3\\xfe\\xbd\\xfe\\xfe"', 'FP71UAqAkMDz/r3+/g==', '\\x14\\xfe\\xf5\\x50\\x0a\\x80\\x90\\xc0\\xf3\\xfe\\xbd\\xfe\\xfe'],
  ['621b2eb4ee5cfe80f0ec741b22efa0f5d2f090', '"b\\x1b.\\xb4\\xee\\\\\\xfe\\x80\\xf0\\xect\\x1b\\"\\xef\\xa0\\xf5\\xd2\\xf0\\x90"', 'YhsutO5c/oDw7HQbIu+g9dLwkA==', '\\x62\\x1b\\x2e\\xb4\\xee\\x5c\\xfe\\x80\\xf0\\xec\\x74\\x1b\\x22\\xef\\xa0\\xf5\\xd2\\xf0\\x90'],
  ['00e0e022229490af677fefc2f5801974f51b5b8ef0', '"\\x00\\xe0\\xe0\\"\\"\\x94\\x90\\xafg\\x7f\\xef\\xc2\\xf5\\x80\\x19t\\xf5\\x1b[\\x8e\\xf0"', 'AODgIiKUkK9nf+/C9YAZdPUbW47w', '\\x00\\xe0\\xe0\\x22\\x22\\x94\\x90\\xaf\\x67\\x7f\\xef\\xc2\\xf5\\x80\\x19\\x74\\xf5\\x1b\\x5b\\x8e\\xf0'],
  ['f3', '"\\xf3"', '8w==', '\\xf3'],
  ['07ec0cf000220a14c008a08022bbb41b3c', '"\\a\\xec\\f\\xf0\\x00\\"\\n\\x14\\xc0\\b\\xa0\\x80\\"\\xbb\\xb4\\x1b<"', 'B+wM8AAiChTACKCAIru0Gzw=', '\\x07\\xec\\x0c\\xf0\\x00\\x22\\x0a\\x14\\xc0\\x08\\xa0\\x80\\x22\\xbb\\xb4\\x1b\\x3c'],
  ['ec22bd103050c22b00ac2c802caca0ac22', '"\\xec\\"\\xbd\\x100P\\xc2+\\x00\\xac,\\x80,\\xac\\xa0\\xac\\""', '7CK9EDBQwisArCyALKygrCI=', '\\xec\\x22\\xbd\\x10\\x30\\x50\\xc2\\x2b\\x00\\xac\\x2c\\x80\\x2c\\xac\\xa0\\xac\\x22'],
  ['c0143c945422ec1be0f37606f0', '"\\xc0\\x14<\\x94T\\"\\xec\\x1b\\xe0\\xf3v\\x06\\xf0"', 'wBQ8lFQi7Bvg83YG8A==', '\\xc0\\x14\\x3c\\x94\\x54\\x22\\xec\\x1b\\xe0\\xf3\\x76\\x06\\xf0'],
  ['0ca090', '"\\f\\xa0\\x90"', 'DKCQ', '\\x0c\\xa0\\x90'],
  ['8ede0ad441080c', '"\\x8e\\xde\\n\\xd4A\\b\\f"', 'jt4K1EEIDA==', '\\x8e\\xde\\x0a\\xd4\\x41\\x08\\x0c'],
  ['7cf03cf078f322c2ecc20cc00aecec0c005c90c01b', '"|\\xf0<\\xf0x\\xf3\\"\\xc2\\xec\\xc2\\f\\xc0\\n\\xec\\xec\\f\\x00\\\\\\x90\\xc0\\x1b"', 'fPA88HjzIsLswgzACuzsDABckMAb', '\\x7c\\xf0\\x3c\\xf0\\x78\\xf3\\x22\\xc2\\xec\\xc2\\x0c\\xc0\\x0a\\xec\\xec\\x0c\\x00\\x5c\\x90\\xc0\\x1b'],
  ['08ec3cec', '"\\b\\xec<\\xec"', 'COw87A==', '\\x08\\xec\\x3c\\xec'],
  ['8080f3f00ca0f3a080c0c00c005c40eeec', '"\\x80\\x80\\xf3\\xf0\\f\\xa0\\xf3\\xa0\\x80\\xc0\\xc0\\f\\x00\\\\@\\xee\\xec"', 'gIDz8Ayg86CAwMAMAFxA7uw=', '\\x80\\x80\\xf3\\xf0\\x0c\\xa0\\xf3\\xa0\\x80\\xc0\\xc0\\x0c\\x00\\x5c\\x40\\xee\\xec'],
  ['40e022f3c0fcfcf308fcfcbdf0a0a00afc', '"@\\xe0\\"\\xf3\\xc0\\xfc\\xfc\\xf3\\b\\xfc\\xfc\\xbd\\xf0\\xa0\\xa0\\n\\xfc"', 'QOAi88D8/PMI/Py98KCgCvw=', '\\x40\\xe0\\x22\\xf3\\xc0\\xfc\\xfc\\xf3\\x08\\xfc\\xfc\\xbd\\xf0\\xa0\\xa0\\x0a\\xfc'],
  ['9c800a3cfe', '"\\x9c\\x80\\n<\\xfe"', 'nIAKPP4=', '\\x9c\\x80\\x0a\\x3c\\xfe'],
  ['f080c000ec64088090c2f5f00a', '"\\xf0\\x80\\xc0\\x00\\xecd\\b\\x80\\x90\\xc2\\xf5\\xf0\\n"', '8IDAAOxkCICQwvXwCg==', '\\xf0\\x80\\xc0\\x00\\xec\\x64\\x08\\x80\\x90\\xc2\\xf5\\xf0\\x0a'],
  ['c2c0c0c8f50868411b', '"\\xc2\\xc0\\xc0\\xc8\\xf5\\bhA\\x1b"', 'wsDAyPUIaEEb', '\\xc2\\xc0\\xc0\\xc8\\xf5\\x08\\x68\\x41\\x1b'],
  ['ecfeecf3f390c0f00c', '"\\xec\\xfe\\xec\\xf3\\xf3\\x90\\xc0\\xf0\\f"', '7P7s8/OQwPAM', '\\xec\\xfe\\xec\\xf3\\xf3\\x90\\xc0\\xf0\\x0c'],
  ['e2220ad0f0c2f3f5800ba20ac0', '"\\xe2\\"\\n\\xd0\\xf0\\xc2\\xf3\\xf5\\x80\\v\\xa2\\n\\xc0"', '4iIK0PDC8/WAC6IKwA==', '\\xe2\\x22\\x0a\\xd0\\xf0\\xc2\\xf3\\xf5\\x80\\x0b\\xa2\\x0a\\xc0'],
];

describe('goQuote', () => {
  it.each([
    ['empty', '', '""'],
    ['key with control, invalid byte, tab, quote and backslash', '712f01ff09225c', '"q/\\x01\\xff\\t\\"\\\\"'],
    ['NUL, 0xff, SOH, DEL, tab', '610062ff017f097a', '"a\\x00b\\xff\\x01\\x7f\\tz"'],
    [
      'NBSP, BOM, ZWSP escaped; emoji and combining mark literal; DEL, CR, BEL',
      '76c2a0efbbbfe2808bf09f988065cc817f0d07',
      '"v\\u00a0\\ufeff\\u200b😀e\u0301\\x7f\\r\\a"',
    ],
    ['printable non-ASCII stays literal', '68c3a96c6c6fe28692e4b896e7958c20f09f9880', '"héllo→世界 😀"'],
    ['all short escapes', '07080c0a0d090b', '"\\a\\b\\f\\n\\r\\t\\v"'],
    ['ESC and US as \\x', '1b1f', '"\\x1b\\x1f"'],
  ])('%s', (_name, input, want) => {
    expect(goQuote(hex(input))).toBe(want);
  });


  it.each(captured)('quotes %s as etcdctl does', (input, want) => {
    expect(goQuote(hex(input))).toBe(want);
  });

  // One code point each, taken out of the whole-plane captures below.
  it.each([
    [0x00, '\\x00'],
    [0x20, ' '],
    [0x7e, '~'],
    [0x80, '\\u0080'],
    [0x9f, '\\u009f'],
    [0xa0, '\\u00a0'],
    [0xa1, '¡'],
    [0xad, '\\u00ad'],
    [0x378, '\\u0378'],
    [0x61d, '\\u061d'], // assigned in Unicode 14: not printable for Go 1.19
    [0x6dd, '\\u06dd'],
    [0x890, '\\u0890'], // Unicode 14
    [0x8be, '\u08be'],
    [0x1680, '\\u1680'],
    [0x180e, '\\u180e'],
    [0x200d, '\\u200d'],
    [0x2028, '\\u2028'],
    [0x2029, '\\u2029'],
    [0x2060, '\\u2060'],
    [0x3000, '\\u3000'],
    [0xd7ff, '\\ud7ff'],
    [0xe000, '\\ue000'],
    [0xf8ff, '\\uf8ff'],
    [0xfdd0, '\\ufdd0'],
    [0xfffd, '\ufffd'],
    [0xfffe, '\\ufffe'],
    [0xffff, '\\uffff'],
    [0x11f00, '\\U00011f00'], // Unicode 15
    [0x1d173, '\\U0001d173'],
    [0x1e030, '\\U0001e030'], // Unicode 15
    [0x1f1e6, '\u{1f1e6}'],
    [0x1f600, '\u{1f600}'],
    [0x1fae0, '\\U0001fae0'], // Unicode 14 emoji
    [0x1faf8, '\\U0001faf8'], // Unicode 15 emoji
    [0x2a6dd, '\u{2a6dd}'],
    [0x2a6de, '\\U0002a6de'], // Unicode 14 CJK extension
    [0x2b73a, '\\U0002b73a'], // Unicode 15 CJK extension
    [0x2fffe, '\\U0002fffe'],
    [0x30000, '\u{30000}'],
    [0x31350, '\\U00031350'], // Unicode 15 CJK extension H
    [0xe0001, '\\U000e0001'],
    [0xe0100, '\u{e0100}'],
    [0xf0000, '\\U000f0000'],
    [0x10ffff, '\\U0010ffff'],
  ])('U+%s', (cp, want) => {
    expect(goQuoteString(String.fromCodePoint(cp))).toBe(`"${want}"`);
  });

  // SHA-256 of the `"Value"` of `get -w fields` for a value holding every scalar value of the
  // plane in order (surrogates skipped): pins Go 1.19's unicode.IsPrint table as a whole.
  const planeDigests = [
    'b9d8a04e7c40cb739c7cc09aabc43a6a05dbd3276945d826d9fd5748982f089c',
    'ddb271f57362ec582240526aa466408bf3f32221ad332cf9489aaca7dfc2cc20',
    'ddefda262cc169fae6195179eb0903d979290e6f706b635fbc47b76156ac9379',
    '38a976e32e5863256d63bc547d39e26553d4fe2cac863f3380302a024803657a',
    'b1ec78dc270c8dd05e9ec358ebb5e1d6eb7d77f9cee73004670355bbb0d013c7',
    '8447ff75cb2b482b59f46e71f7658e1fab595b3ed73f0820b464ac218aa48406',
    'ae9069e17d279ad190bbdc620a5bbd03c5db7d3d69ac34f91a50ad656e9788cd',
    '0b9cbbc82d0d2064da27b98decea2e49006090edc5fdea50dec78321c23e98eb',
    '84a6883e3c9fc005eb8b34c9ab64cfa7117e6837c5cc712e45fdd00de9510e08',
    '52a8b6e697ab69b326ecfaa5408f3a3d5fc6ff74c23e41c83d813aaf5ae5a2f8',
    'a3a75129bfdbfe206d40c7832d476e984de9cb4e3b2b92e9b7f06b26baa0eb0c',
    '905a503f40b99c7c44ab9f966f1c826cda75d648bd7e6fc3d39c93cc593b65d7',
    '1376f54ad48c1cd96dc681c3eb3611ed5c188f4c2a222055701aec0007c9c572',
    'f7e578b12cc6f653b5f415a0525d1cf0ec16b4db4407346212ac89f9c9ee77f6',
    '3f87e1bfdcc8e1f1d12c8800f6fdef910542b30771c9dabf058db3dd036a81f5',
    '88a9bd9a42ce4f6a1f6e03d6bba5e0f90d48d0eeb16f4a588b35228a27ed43f9',
    '926bc0eb0c704934f8c78633c772d5d01e117d1ecf84c7067cba3a1850c185fc',
  ];

  it.each(planeDigests.map((digest, plane) => [plane, digest] as const))(
    'quotes every code point of plane %i as etcdctl does',
    (plane, digest) => {
      let s = '';
      for (let cp = plane * 0x10000; cp < (plane + 1) * 0x10000; cp++) {
        if (cp < 0xd800 || cp > 0xdfff) s += String.fromCodePoint(cp);
      }
      const quoted = goQuote(new TextEncoder().encode(s));
      expect(createHash('sha256').update(quoted).digest('hex')).toBe(digest);
    },
  );
});

describe('goQuoteString', () => {
  it.each([
    ['plain', 'foo', '"foo"'],
    ['unicode', 'héllo→世界 😀', '"héllo→世界 😀"'],
    ['controls', 'a\u0000b\u007f\n', '"a\\x00b\\x7f\\n"'],
    // Not from etcdctl (Go strings cannot hold one): TextEncoder turns a lone surrogate into U+FFFD.
    ['lone surrogate', 'x\ud800y', '"x\ufffdy"'],
  ])('%s', (_name, input, want) => {
    expect(goQuoteString(input)).toBe(want);
  });
});

describe('goJsonString', () => {
  it.each([
    ['empty', '', '""'],
    ['plain', '666f6f', '"foo"'],
    ['quote and backslash', '225c', '"\\"\\\\"'],
    ['short forms', '0a0d09', '"\\n\\r\\t"'],
    // compat(etcdctl 3.4): Go 1.19 has no \b or \f short forms in encoding/json.
    ['backspace and form feed', '080c', '"\\u0008\\u000c"'],
    ['other controls, lower-case hex', '00011b1f', '"\\u0000\\u0001\\u001b\\u001f"'],
    ['DEL is literal', '7f', '"\x7f"'],
    ['HTML characters', '3c3e26', '"\\u003c\\u003e\\u0026"'],
    ['line and paragraph separators', 'e280a8e280a9', '"\\u2028\\u2029"'],
    ['NBSP and emoji literal', 'c2a0f09f9880', '"\u00a0😀"'],
    ['valid U+FFFD literal', 'efbfbd', '"\ufffd"'],
    ['each invalid byte becomes U+FFFD', 'ff80eda080', '"\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd"'],
    ['truncated sequence', 'e4b841', '"\\ufffd\\ufffdA"'],
  ])('%s', (_name, input, want) => {
    expect(goJsonString(hex(input))).toBe(want);
  });

  // User and role names as `user list -w json` and `role list -w json|fields` print them.
  it.each([
    ['7501080c0a0d097f1f', '"u\\u0001\\u0008\\u000c\\n\\r\\t\x7f\\u001f"', '"u\\x01\\b\\f\\n\\r\\t\\x7f\\x1f"'],
    ['753c613e266222635c64', '"u\\u003ca\\u003e\\u0026b\\"c\\\\d"', '"u<a>&b\\"c\\\\d"'],
    ['75c080f4908080e280a878', '"u\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\u2028x"', '"u\\xc0\\x80\\xf4\\x90\\x80\\x80\\u2028x"'],
    [
      '75ffeda080e280a8e280a9efbfbdc2a0f09f9880e4b8',
      '"u\\ufffd\\ufffd\\ufffd\\ufffd\\u2028\\u2029\ufffd\u00a0😀\\ufffd\\ufffd"',
      '"u\\xff\\xed\\xa0\\x80\\u2028\\u2029\ufffd\\u00a0😀\\xe4\\xb8"',
    ],
    ['725f015f0de2b7e0f5ef2e08a927073e', '"r_\\u0001_\\r\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd.\\u0008\\ufffd\'\\u0007\\u003e"', '"r_\\x01_\\r\\xe2\\xb7\\xe0\\xf5\\xef.\\b\\xa9\'\\a>"'],
    ['725f045fa8e2a93ce380c03e47099f', '"r_\\u0004_\\ufffd\\ufffd\\ufffd\\u003c\\ufffd\\ufffd\\ufffd\\u003eG\\t\\ufffd"', '"r_\\x04_\\xa8\\xe2\\xa9<\\xe3\\x80\\xc0>G\\t\\x9f"'],
    ['725f085f0bcca25d1fef28556a113eff0b', '"r_\\u0008_\\u000b̢]\\u001f\\ufffd(Uj\\u0011\\u003e\\ufffd\\u000b"', '"r_\\b_\\v̢]\\x1f\\xef(Uj\\x11>\\xff\\v"'],
    ['725f0c5f2eedc27f2f08a8bb1f', '"r_\\u000c_.\\ufffd\\ufffd\x7f/\\u0008\\ufffd\\ufffd\\u001f"', '"r_\\f_.\\xed\\xc2\\x7f/\\b\\xa8\\xbb\\x1f"'],
    ['725f105f80050cc007c03edf1b', '"r_\\u0010_\\ufffd\\u0005\\u000c\\ufffd\\u0007\\ufffd\\u003e\\ufffd\\u001b"', '"r_\\x10_\\x80\\x05\\f\\xc0\\a\\xc0>\\xdf\\x1b"'],
    ['725f145f53', '"r_\\u0014_S"', '"r_\\x14_S"'],
    ['725f185f0d802580a8', '"r_\\u0018_\\r\\ufffd%\\ufffd\\ufffd"', '"r_\\x18_\\r\\x80%\\x80\\xa8"'],
    ['725f1c5f2ff0a2e2bde4f00741071ef5a8', '"r_\\u001c_/\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\u0007A\\u0007\\u001e\\ufffd\\ufffd"', '"r_\\x1c_/\\xf0\\xa2\\xe2\\xbd\\xe4\\xf0\\aA\\a\\x1e\\xf5\\xa8"'],
    ['725f205ff0', '"r_ _\\ufffd"', '"r_ _\\xf0"'],
    ['725f245f0a', '"r_$_\\n"', '"r_$_\\n"'],
    ['725f285ff4ddc0bb319f201f9f22e808ad', '"r_(_\\ufffd\\ufffd\\ufffd\\ufffd1\\ufffd \\u001f\\ufffd\\"\\ufffd\\u0008\\ufffd"', '"r_(_\\xf4\\xdd\\xc0\\xbb1\\x9f \\x1f\\x9f\\"\\xe8\\b\\xad"'],
    ['725f2c5ffc', '"r_,_\\ufffd"', '"r_,_\\xfc"'],
    ['725f305ff00720f094215e2fc0', '"r_0_\\ufffd\\u0007 \\ufffd\\ufffd!^/\\ufffd"', '"r_0_\\xf0\\a \\xf0\\x94!^/\\xc0"'],
    ['725f345fdfc2ef0be2a07dbd410d0cdaed', '"r_4_\\ufffd\\ufffd\\ufffd\\u000b\\ufffd\\ufffd}\\ufffdA\\r\\u000c\\ufffd\\ufffd"', '"r_4_\\xdf\\xc2\\xef\\v\\xe2\\xa0}\\xbdA\\r\\f\\xda\\xed"'],
    ['725f385f39e207d6543ef076cd41', '"r_8_9\\ufffd\\u0007\\ufffdT\\u003e\\ufffdv\\ufffdA"', '"r_8_9\\xe2\\a\\xd6T>\\xf0v\\xcdA"'],
    ['725f3c5f0d1ff49f5f07263c0fc2edef41', '"r_\\u003c_\\r\\u001f\\ufffd\\ufffd_\\u0007\\u0026\\u003c\\u000f\\ufffd\\ufffd\\ufffdA"', '"r_<_\\r\\x1f\\xf4\\x9f_\\a&<\\x0f\\xc2\\xed\\xefA"'],
    ['725f405fe001f4f00bfff67f2f7ff58f5c', '"r_@_\\ufffd\\u0001\\ufffd\\ufffd\\u000b\\ufffd\\ufffd\x7f/\x7f\\ufffd\\ufffd\\\\"', '"r_@_\\xe0\\x01\\xf4\\xf0\\v\\xff\\xf6\\x7f/\\x7f\\xf5\\x8f\\\\"'],
    ['725f445f52', '"r_D_R"', '"r_D_R"'],
    ['725f485f8980200127f1ff2fe2ed3e9222', '"r_H_\\ufffd\\ufffd \\u0001\'\\ufffd\\ufffd/\\ufffd\\ufffd\\u003e\\ufffd\\""', '"r_H_\\x89\\x80 \\x01\'\\xf1\\xff/\\xe2\\xed>\\x92\\""'],
    ['725f4c5f7f', '"r_L_\x7f"', '"r_L_\\x7f"'],
  ])('name %s', (input, wantJson, wantQuote) => {
    expect(goJsonString(hex(input))).toBe(wantJson);
    expect(goQuote(hex(input))).toBe(wantQuote);
  });

  it.each([
    ['member name', 'm1', '"m1"'],
    ['HTML in a string', 'a<b>&c', '"a\\u003cb\\u003e\\u0026c"'],
    ['unicode', 'héllo\u2028世界', '"héllo\\u2028世界"'],
    ['lone surrogate goes through UTF-8 as U+FFFD', '\udc00', '"\ufffd"'],
  ])('string input: %s', (_name, input, want) => {
    expect(goJsonString(input)).toBe(want);
  });
});

describe('base64 and hexEscape', () => {
  it.each([
    ['q/ key', '712f01ff09225c', 'cS8B/wkiXA==', '\\x71\\x2f\\x01\\xff\\x09\\x22\\x5c'],
    [
      'unicode value',
      '76c2a0efbbbfe2808bf09f988065cc817f0d07',
      'dsKg77u/4oCL8J+YgGXMgX8NBw==',
      '\\x76\\xc2\\xa0\\xef\\xbb\\xbf\\xe2\\x80\\x8b\\xf0\\x9f\\x98\\x80\\x65\\xcc\\x81\\x7f\\x0d\\x07',
    ],
    ['foo', '666f6f', 'Zm9v', '\\x66\\x6f\\x6f'],
    ['bar6', '62617236', 'YmFyNg==', '\\x62\\x61\\x72\\x36'],
    ['NUL, 0xff', '610062ff017f097a', 'YQBi/wF/CXo=', '\\x61\\x00\\x62\\xff\\x01\\x7f\\x09\\x7a'],
    ['empty (not from etcdctl: an empty value is omitted or an empty line)', '', '', ''],
  ])('%s', (_name, input, want64, wantHex) => {
    expect(base64(hex(input))).toBe(want64);
    expect(hexEscape(hex(input))).toBe(wantHex);
  });

  it.each(captured)('%s', (input, _quoted, want64, wantHex) => {
    expect(base64(hex(input))).toBe(want64);
    expect(hexEscape(hex(input))).toBe(wantHex);
  });

  it('encodes only the view of a subarray', () => {
    const whole = ascii('xxfooyy');
    expect(base64(whole.subarray(2, 5))).toBe('Zm9v');
    expect(hexEscape(whole.subarray(2, 5))).toBe('\\x66\\x6f\\x6f');
  });
});

describe('hex ids', () => {
  it.each([
    // [n, %x, %016x, %16x]
    [0n, '0', '0000000000000000', '               0'],
    [1n, '1', '0000000000000001', '               1'],
    [0xabcn, 'abc', '0000000000000abc', '             abc'],
    [958462521215407120n, 'd4d2495bb91d410', '0d4d2495bb91d410', ' d4d2495bb91d410'],
    [5077442256212635429n, '4676b2d4a11caf25', '4676b2d4a11caf25', '4676b2d4a11caf25'],
    [14127283020528902731n, 'c40e310ec008624b', 'c40e310ec008624b', 'c40e310ec008624b'],
    [0x7fffffffffffffffn, '7fffffffffffffff', '7fffffffffffffff', '7fffffffffffffff'],
    [2n ** 64n - 1n, 'ffffffffffffffff', 'ffffffffffffffff', 'ffffffffffffffff'],
    // int64 lease IDs below zero (`lease timetolive -- -1`): the sign takes one of the 16 columns.
    [-1n, '-1', '-000000000000001', '              -1'],
    [-0xabcn, '-abc', '-000000000000abc', '            -abc'],
    [-(2n ** 63n), '-8000000000000000', '-8000000000000000', '-8000000000000000'],
  ])('%s', (n, x, x016, x16) => {
    expect(hexId(n)).toBe(x);
    expect(hexId016(n)).toBe(x016);
    expect(hexId16(n)).toBe(x16);
  });
});

describe('goDuration', () => {
  // Not capturable from etcdctl on demand (only `took`); expectations follow time.Duration.String.
  it.each([
    [0n, '0s'],
    [1n, '1ns'],
    [999n, '999ns'],
    [1_000n, '1µs'],
    [1_001n, '1.001µs'],
    [836_139n, '836.139µs'],
    [1_000_000n, '1ms'],
    [1_676_267n, '1.676267ms'],
    [999_999_999n, '999.999999ms'],
    [1_000_000_000n, '1s'],
    [5_001_125_754n, '5.001125754s'],
    [60_000_000_000n, '1m0s'],
    [123_500_000_000n, '2m3.5s'],
    [3_600_000_000_000n, '1h0m0s'],
    [86_400_000_000_000n, '24h0m0s'],
    [-1_500_000n, '-1.5ms'],
    [2n ** 63n - 1n, '2562047h47m16.854775807s'],
    [-(2n ** 63n), '-2562047h47m16.854775808s'],
  ])('%s ns', (ns, want) => {
    expect(goDuration(ns)).toBe(want);
  });

  it('uses the micro sign U+00B5, not Greek mu', () => {
    expect(goDuration(1_500n)).toBe('1.5\u00b5s');
  });
});

describe('humanizeBytes', () => {
  it.each([
    [0, '0 B'],
    [9, '9 B'],
    [10, '10 B'],
    [999, '999 B'],
    [1000, '1.0 kB'],
    [1049, '1.0 kB'],
    [1050, '1.1 kB'],
    // compat(etcdctl 3.4): %.0f rounds half to even, 20.5 → "20" (JS toFixed says "21").
    [20480, '20 kB'],
    [25_000, '25 kB'],
    [65_536, '66 kB'],
    [106_496, '106 kB'],
    [999_999, '1000 kB'],
    [1_000_000, '1.0 MB'],
    // 1.05 is 1.0500000000000000444 as a float64; ×10 rounds to exactly 10.5, +0.5 → 11.
    [1_050_000, '1.1 MB'],
    [1_200_000, '1.2 MB'],
    [2n ** 63n - 1n, '9.2 EB'],
    [2n ** 64n - 1n, '18 EB'],
  ])('%s', (n, want) => {
    expect(humanizeBytes(n)).toBe(want);
    expect(humanizeBytes(BigInt(n))).toBe(want);
  });

  // `dbSize` from `endpoint status -w json` and DB SIZE from `-w table` of the same state.
  it.each([
    [6_389_760, '6.4 MB'],
    [12_730_368, '13 MB'],
    [13_434_880, '13 MB'],
    [13_475_840, '14 MB'], // 13.5: half to even goes up
    [14_487_552, '14 MB'], // 14.5: half to even goes down
    [14_540_800, '14 MB'],
    [16_453_632, '16 MB'],
    [16_564_224, '17 MB'],
    [18_505_728, '18 MB'],
    [19_529_728, '20 MB'],
    [20_541_440, '20 MB'],
    [20_598_784, '21 MB'],
  ])('endpoint status DB SIZE %i', (n, want) => {
    expect(humanizeBytes(n)).toBe(want);
  });

  it('rejects negative sizes', () => {
    expect(() => humanizeBytes(-1)).toThrow(RangeError);
  });
});

describe('goStringSlice', () => {
  it.each([
    [[], '[]'],
    [['a'], '[a]'],
    [['a', 'b', 'c'], '[a b c]'],
    [['NOSPACE', 'CORRUPT'], '[NOSPACE CORRUPT]'],
  ])('%j', (items, want) => {
    expect(goStringSlice(items)).toBe(want);
  });
});

describe('goJsonNumber', () => {
  it.each([
    [0, '0'],
    [-1, '-1'],
    [2 ** 53, '9007199254740992'],
    [1e21, '1000000000000000000000'],
    [17899620704559688148n, '17899620704559688148'],
    [2n ** 64n - 1n, '18446744073709551615'],
    [-(2n ** 63n), '-9223372036854775808'],
  ])('%s', (n, want) => {
    expect(goJsonNumber(n)).toBe(want);
  });

  it('rejects fractions', () => {
    expect(() => goJsonNumber(1.5)).toThrow(RangeError);
  });
});
