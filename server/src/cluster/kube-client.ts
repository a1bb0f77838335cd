/**
 * The parts of @kubernetes/client-node that Scalewise uses, imported by name so esbuild keeps
 * only those (a dynamic import of the whole package would bundle all 14 MB of generated APIs).
 * node-count.ts and actions/kubernetes.ts load this module lazily (server/out/kube-client.js).
 */
export { AppsV1Api, AutoscalingV1Api, AutoscalingV2Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
