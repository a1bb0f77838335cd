/**
 * The parts of @kubernetes/client-node that node-count.ts uses, imported by name so esbuild keeps
 * only those (a dynamic import of the whole package would bundle all 14 MB of generated APIs).
 * node-count.ts loads this module lazily.
 */
export { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
