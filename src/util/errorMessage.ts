/**
 * The words of a thrown value for a notice or a log: an Error's message, anything else as text
 * (code may throw strings, DOM events or plain objects, and a notice must still say something).
 */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
