/**
 * Whether the browser can give a WebGL context at all. Reformats are drawn by the GPU path
 * (Cornerstone has no CPU path for volumes); stacks keep working without it.
 */
export function webglAvailable(): boolean {
  const canvas = document.createElement('canvas');
  const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  if (!gl) return false;
  // A probe context must not count against the browser's limit on live contexts.
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return true;
}

export const NO_WEBGL_NOTICE =
  'MPR needs WebGL, which this browser or computer does not provide (it may be switched off). The stack viewer still works.';
