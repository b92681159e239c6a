/** Entries as etcd returns them, built from the fixtures of ../shared/registries.md §9. */
import type { Entry } from '../../../src/registry/types.js';

export const UUID = '0f1c3a52-5b8e-4a57-9d0b-7c3f6c2d9e11';

let rev = 100n;
export function entry(key: string, value: string | Uint8Array, lease = 0n): Entry {
  rev++;
  return {
    key: Buffer.from(key),
    value: typeof value === 'string' ? Buffer.from(value) : value,
    lease,
    create_revision: rev,
    mod_revision: rev,
  };
}

/** go-micro v2.9.1, rpc server, core etcd registry (§2.3). */
export const GO_MICRO_V2 =
  '{"name":"go.micro.srv.greeter","version":"latest","metadata":null,"endpoints":[{"name":"Greeter.Hello","request":{"name":"Request","type":"Request","values":[{"name":"name","type":"string","values":null}]},"response":{"name":"Response","type":"Response","values":[{"name":"msg","type":"string","values":null}]},"metadata":{}}],"nodes":[{"id":"go.micro.srv.greeter-0f1c3a52-5b8e-4a57-9d0b-7c3f6c2d9e11","address":"10.0.0.5:40417","metadata":{"broker":"http","protocol":"mucp","registry":"etcd","server":"mucp","transport":"http"}}]}';

/** go-micro ≤ v1.6 via go-plugins etcdv3: bare host + port, stream metadata, registry etcdv3. */
export const GO_MICRO_V1 =
  '{"name":"go.micro.srv.greeter","version":"latest","metadata":null,"endpoints":[{"name":"Greeter.Hello","request":{"name":"Request","type":"Request","values":null},"response":{"name":"Response","type":"Response","values":null},"metadata":{"stream":"false"}}],"nodes":[{"id":"go.micro.srv.greeter-2b7a1c9e-1111-4e22-8c33-445566778899","address":"10.0.0.6","port":40417,"metadata":{"broker":"http","registry":"etcdv3","server":"rpc","transport":"http"}}]}';

/** go-micro v4+: node keys {metadata, id, address}, endpoint keys {request, response, metadata, name}. */
export const GO_MICRO_V4 =
  '{"name":"greeter","version":"latest","metadata":null,"endpoints":[{"request":{"name":"Request","type":"Request","values":null},"response":{"name":"Response","type":"Response","values":null},"metadata":{},"name":"Greeter.Hello"}],"nodes":[{"metadata":{"protocol":"grpc","registry":"etcd"},"id":"greeter-' +
  UUID +
  '","address":"10.0.0.9:9000"}]}';

/** go-micro v1.11–v1.18: the version is a timestamp. */
export const GO_MICRO_V1_TIMESTAMP =
  '{"name":"go.micro.srv.greeter","version":"2019.10.01.12.30","metadata":null,"endpoints":[],"nodes":[{"id":"go.micro.srv.greeter-' + UUID + '","address":"10.0.0.5:40417","metadata":{"server":"mucp"}}]}';

export const MICRO_V3_DOMAIN =
  '{"name":"helloworld","version":"latest","metadata":{"domain":"micro"},"endpoints":[{"name":"Helloworld.Call","request":{"name":"Request","type":"Request","values":null},"response":{"name":"Response","type":"Response","values":null},"metadata":{}}],"nodes":[{"id":"helloworld-' +
  UUID +
  '","address":"10.0.0.7:37041","metadata":{"domain":"micro","protocol":"grpc"}}]}';

export const GRPC = '{"Op":0,"Addr":"10.0.0.5:50051","Metadata":null}';

export const KRATOS =
  '{"id":"7c1e3d2a-8b2c-11ee-9a4d-0242ac120002","name":"helloworld","version":"v1.0.0","metadata":null,"endpoints":["http://10.0.0.5:8000","grpc://10.0.0.5:9000"]}';

export const KRATOS_OLD =
  '{"id":"7c1e3d2a-8b2c-11ee-9a4d-0242ac120002","name":"helloworld","version":"v1.0.0","metadata":{"app":"x"},"endpoints":["http://10.0.0.5:8000?isSecure=false","grpc://10.0.0.5:9000?isSecure=false"]}';

/** The non-registry fixtures of §9: none of them is a node. */
export const NOT_REGISTRIES: readonly Entry[] = [
  entry('/apisix/routes/', 'init_dir'),
  entry('/apisix/routes/1', '{"id":"1","uri":"/hello","upstream":{"type":"roundrobin","nodes":{"10.0.0.5:1980":1}},"create_time":1700000000,"update_time":1700000000}'),
  entry('/skydns/local/skydns/staging/service', '{"host":"10.0.0.5","port":8080,"ttl":60}'),
  entry('traefik/http/services/whoami/loadbalancer/servers/0/url', 'http://10.0.0.5:80'),
  entry('/registry/configmaps/default/demo', Buffer.from('6b3873000a0f0a0276311209436f6e6669674d617012110a0f0a0464656d6f1a0764656661756c741a002200', 'hex')),
  entry('/vitess/global/cells/zone1/CellInfo', Buffer.from('0a0e6c6f63616c686f73743a32333739120d2f7669746573732f7a6f6e6531', 'hex')),
  entry('config/listen', '10.0.0.5:8080'),
  entry('plain', 'hello'),
];
