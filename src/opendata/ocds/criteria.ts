import type { RequirementRow } from '../../db/types.js';
import type { Criterion } from './types.js';

// Supplier requirements (ESG, labour and social clauses) as `tender.criteria` of the OCDS
// Requirements extension: one criterion per requirement, with one group holding one requirement
// the tenderer must meet (a criterion is met when one of its groups is; a group when all of its
// requirements are).

export const REQUIREMENTS_EXTENSION =
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_requirements_extension/master/extension.json';

const REMOVED = 'Kravet er fjernet fra udbuddet og gælder ikke længere.';
const UNDESCRIBED = 'Kravet er endnu ikke beskrevet i kravkataloget.';

function describe(row: RequirementRow | undefined): string {
  if (!row) return UNDESCRIBED;
  return row.legal_basis ? `${row.summary} Retsgrundlag: ${row.legal_basis}` : row.summary;
}

/**
 * The criteria for the requirements a tender carries now, plus those it carried before and lost:
 * OCDS merges arrays by id and never drops an entry, so a compiled release would otherwise go on
 * listing a removed requirement as if it applied. Those say in their description that they are gone.
 */
export function criteriaFor(
  current: readonly string[],
  everCarried: readonly string[],
  catalogue: ReadonlyMap<string, RequirementRow>,
): Criterion[] | undefined {
  if (everCarried.length === 0) return undefined;
  return everCarried.map((code) => {
    const row = catalogue.get(code);
    const title = row?.title ?? code;
    return {
      id: code,
      title,
      description: current.includes(code) ? describe(row) : REMOVED,
      relatesTo: 'tenderer',
      requirementGroups: [
        {
          id: `${code}.1`,
          requirements: [
            {
              id: `${code}.1.1`,
              title,
              ...(row?.evidence ? { description: `Dokumentation: ${row.evidence}` } : {}),
              dataType: 'boolean',
              expectedValue: true,
            },
          ],
        },
      ],
    };
  });
}
