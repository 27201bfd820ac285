/** The dated deliveries of a project's lake (sources with `meta.deliveries`): what an as-of environment can be built at. */
export interface LakeDeliveries {
  /** Every delivery folder's date as written (`2024-08`), oldest first, over all dated sources. */
  dates: string[];
  sources: { source: string; column: string; dates: string[] }[];
}
