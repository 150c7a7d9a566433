import type { EmhWarning } from '../../inventory/rules/common';

/**
 * Warnings as visible text in the warning colour. They are the reason a number should
 * not be trusted yet, so they are never hidden in a tooltip.
 */
export function WarningList({ warnings, testId }: { warnings: readonly EmhWarning[]; testId?: string }) {
  if (warnings.length === 0) return null;
  return (
    <ul className="emh-warnings" data-testid={testId}>
      {warnings.map((warning, i) => (
        <li key={`${warning.code}-${i}`} data-code={warning.code}>
          {warning.message}
        </li>
      ))}
    </ul>
  );
}
