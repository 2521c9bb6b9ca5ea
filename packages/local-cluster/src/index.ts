/**
 * A small Kubernetes API server for local runs and tests: Job pods of
 * postgres images run for real as local processes, other pods are simulated.
 *
 * @packageDocumentation
 */
export { startLocalCluster } from './cluster';
export type { LocalCluster, LocalClusterOptions } from './cluster';
export { startLocalEnvironment } from './environment';
export type { LocalEnvironment } from './environment';
export type { FaultConfig } from './faults';
export type { PodRuntimeInfo } from './pods/kubelet';
export { SIMULATED_ANNOTATION } from './pods/simulatedRunner';
