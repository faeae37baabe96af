import { IContainer, IPodSpec } from 'kubernetes-models/v1';
import { KubernetesObject } from './types';

const TEMPLATE_KINDS = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
];

type Nested = { [key: string]: Nested } | undefined;

function at(value: unknown, ...path: string[]): unknown {
  let current = value as Nested;
  for (const key of path) current = current?.[key];
  return current;
}

/** The pod spec of a workload (Pod, the template of a Deployment/StatefulSet/..., CronJob), else undefined. @public */
export function podSpecOf(object: KubernetesObject): IPodSpec | undefined {
  if (object.kind === 'Pod') return at(object, 'spec') as IPodSpec | undefined;
  if (TEMPLATE_KINDS.includes(object.kind)) {
    return at(object, 'spec', 'template', 'spec') as IPodSpec | undefined;
  }
  if (object.kind === 'CronJob') {
    return at(object, 'spec', 'jobTemplate', 'spec', 'template', 'spec') as
      | IPodSpec
      | undefined;
  }
  return undefined;
}

/** A container of a pod spec and whether it is an init container. @public */
export interface PodContainer {
  container: IContainer;
  init: boolean;
}

/** The containers and init containers of a workload; empty for other objects. @public */
export function containersOf(object: KubernetesObject): PodContainer[] {
  const spec = podSpecOf(object);
  if (!spec) return [];
  return [
    ...(spec.initContainers ?? []).map(container => ({
      container,
      init: true,
    })),
    ...(spec.containers ?? []).map(container => ({ container, init: false })),
  ];
}

/** `container "x"` or `init container "x"`, for messages. @public */
export function describeContainer({ container, init }: PodContainer): string {
  return `${init ? 'init container' : 'container'} "${container.name}"`;
}
