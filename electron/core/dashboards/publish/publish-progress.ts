/** One step of a publish, in words, for a progress display (`assay publish` prints them). */
export interface PublishStep {
  step: 'read' | 'gate' | 'queries' | 'data' | 'engine' | 'written';
  /** The dashboard the step is about; absent for the project, the gate and the shared engine. */
  dashboard?: string;
  message: string;
}

export type PublishStepListener = (step: PublishStep) => void;

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
