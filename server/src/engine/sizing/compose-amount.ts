/** A Compose service's `deploy.resources.limits` or `reservations` (and their legacy keys) in cores and bytes. */
import type { ComposeService } from '../model/compose';
import { composeResource, type ResourceSection } from '../model/compose-resources';
import { parseComposeBytes, parseComposeCpus } from '../quantity/compose-units';
import { goValue } from '../yaml-ast';

export interface Amount {
  cpu?: number;
  memory?: number;
}

export function composeAmount(svc: ComposeService, section: ResourceSection): Amount {
  const cpuRaw = goValue(composeResource(svc, section, 'cpus').value, svc.doc);
  const memRaw = goValue(composeResource(svc, section, 'memory').value, svc.doc);
  const cpu = typeof cpuRaw === 'string' || typeof cpuRaw === 'number' ? parseComposeCpus(cpuRaw) : null;
  const mem = typeof memRaw === 'string' || typeof memRaw === 'number' ? parseComposeBytes(memRaw) : null;
  return { cpu: cpu?.ok ? cpu.cores : undefined, memory: mem?.ok ? mem.bytes : undefined };
}
