// axe-core over a screen as it is shown: WCAG 2.2 AA (DESIGN §5 "for everyone").
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
/** What fails the run (the bar); moderate and minor findings are left to review. */
const BLOCKING = new Set(['serious', 'critical']);

export interface AxeFinding {
  readonly rule: string;
  readonly impact: string;
  readonly help: string;
  /** A few of the offending elements, with axe's own summary of why. */
  readonly nodes: readonly string[];
}

/**
 * Rows of long lists past the first ten are left out: they are the same markup with other words,
 * and checking the contrast of a hundred report rows took most of a screen's ~6 s.
 */
const REPEATED_ROWS = ['report-row', 'person-row', 'task-row'].map(
  (testId) => `[data-testid="${testId}"]:nth-child(n+11)`,
);

/** The rules whose answer depends on the colours: all that changes between the themes. */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/**
 * The serious and critical violations on the page now, described for a failure message. `colours`
 * runs only the colour rules (the second theme of the same screen: the rest cannot differ).
 */
export const axeViolations = async (
  page: Page,
  { colours = false }: { readonly colours?: boolean } = {},
): Promise<AxeFinding[]> => {
  let builder = new AxeBuilder({ page });
  builder = colours ? builder.withRules(COLOUR_RULES) : builder.withTags(WCAG_TAGS);
  for (const rows of REPEATED_ROWS) builder = builder.exclude(rows);
  const results = await builder.analyze();
  return results.violations
    .filter((violation) => BLOCKING.has(violation.impact ?? ''))
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? '',
      help: violation.help,
      nodes: violation.nodes
        .slice(0, 4)
        .map((node) => `${node.target.join(' ')} — ${node.failureSummary ?? ''}`.slice(0, 400)),
    }));
};

/** The findings as lines a person reads in a failure message (empty when there are none). */
export const describeFindings = (findings: readonly AxeFinding[]): string =>
  findings
    .map((finding) =>
      [
        `${finding.rule} (${finding.impact}): ${finding.help}`,
        ...finding.nodes.map((node) => `  ${node}`),
      ].join('\n'),
    )
    .join('\n');
