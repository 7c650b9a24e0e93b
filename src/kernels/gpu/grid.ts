/**
 * Workgroup counts for an elementwise kernel over n values, `workgroupSize` values per workgroup.
 * One row holds at most 65,535 workgroups (WebGPU's guaranteed maxComputeWorkgroupsPerDimension);
 * longer arrays take more rows, and the shader's flat index is
 * id.x + id.y * num_workgroups.x * workgroupSize.
 */
export function elementwiseGrid(n: number, workgroupSize: number): [number, number] {
  const groups = Math.max(1, Math.ceil(n / workgroupSize));
  const perRow = Math.min(groups, 65_535);
  return [perRow, Math.ceil(groups / perRow)];
}
