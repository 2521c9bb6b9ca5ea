import { ApiError } from '../api/errors';
import type { Registry } from '../api/registry';
import { PODS } from '../api/resources';
import type { ObjectStore } from '../store/store';
import type { KubeObject } from '../types';
import { Controller } from './controller';
import type { EventRecorder } from './events';
import { podFromTemplate } from './ownership';

/**
 * A controller that runs pods from its objects' templates (Job,
 * ReplicaSet): creating and deleting them with the events Kubernetes
 * records for it.
 */
export abstract class PodController extends Controller {
  constructor(
    registry: Registry,
    store: ObjectStore,
    protected readonly recorder: EventRecorder,
    /** The event source, e.g. `job-controller`. */
    protected readonly component: string,
  ) {
    super(registry, store);
  }

  /** Creates a pod from the owner's template; false when the API refused it. */
  protected createPod(owner: KubeObject): boolean {
    try {
      const created = this.registry.create(
        PODS,
        owner.metadata.namespace,
        podFromTemplate(owner),
      ).object;
      this.recorder.record(
        owner,
        'Normal',
        'SuccessfulCreate',
        `Created pod: ${created.metadata.name}`,
        this.component,
      );
      return true;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.recorder.record(
        owner,
        'Warning',
        'FailedCreate',
        `Error creating: ${error.message}`,
        this.component,
      );
      return false;
    }
  }

  protected deletePod(owner: KubeObject, pod: KubeObject) {
    try {
      this.registry.delete(PODS, pod.metadata.namespace, pod.metadata.name!, {
        propagationPolicy: 'Background',
      });
      this.recorder.record(
        owner,
        'Normal',
        'SuccessfulDelete',
        `Deleted pod: ${pod.metadata.name}`,
        this.component,
      );
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
  }
}
