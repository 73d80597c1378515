// Meanings of the CPV codes the portal meets most (Common Procurement Vocabulary 2008, its official
// Danish and English versions).
// Codes carry a check digit ('45261000-4'); the lookup ignores it. Unknown codes show without a label.

import type { Lang } from '../i18n/index.js';

const cpvMeanings: Record<string, string> = {
  '09331000': 'Solpaneler',
  '45000000': 'Bygge- og anlægsarbejder',
  '45100000': 'Forberedende arbejder på byggepladsen',
  '45111100': 'Nedrivningsarbejde',
  '45200000': 'Bygge- og anlægsarbejder i forbindelse med komplette eller dele af bygninger',
  '45210000': 'Bygningsarbejder',
  '45214200': 'Bygge- og anlægsarbejder i forbindelse med skolebygninger',
  '45232130': 'Anlægsarbejder i forbindelse med regnvandsledninger',
  '45260000': 'Tagdækningsarbejde og andet specialiseret bygge- og anlægsarbejde',
  '45261000': 'Opførelse af tagkonstruktioner og tagdækning samt tilknyttet arbejde',
  '45261215': 'Tagdækning med solpaneler',
  '45300000': 'Bygningsinstallationsarbejde',
  '45310000': 'El-installationsarbejde',
  '45330000': 'VVS-arbejde og sanitetsarbejde',
  '45331210': 'Installation af ventilationsanlæg',
  '45332400': 'Installation af sanitetsudstyr',
  '45400000': 'Bygningsfærdiggørelse',
  '45421100': 'Installation af døre og vinduer og tilhørende komponenter',
  '45442100': 'Malerarbejde',
  '45453000': 'Eftersyn og istandsættelse',
  '50700000': 'Reparation og vedligeholdelse af bygningsinstallationer',
  '71000000': 'Arkitekt-, konstruktions-, ingeniør- og inspektionsvirksomhed',
  '90910000': 'Rengøring',
  '90911200': 'Rengøring af bygninger',
};

const cpvMeaningsEn: Record<string, string> = {
  '09331000': 'Solar panels',
  '45000000': 'Construction work',
  '45100000': 'Site preparation work',
  '45111100': 'Demolition work',
  '45200000': 'Works for complete or part construction and civil engineering work',
  '45210000': 'Building construction work',
  '45214200': 'Construction work for school buildings',
  '45232130': 'Storm-water piping construction work',
  '45260000': 'Roof works and other special trade construction works',
  '45261000': 'Erection and related works of roof frames and coverings',
  '45261215': 'Solar panel roof-covering work',
  '45300000': 'Building installation work',
  '45310000': 'Electrical installation work',
  '45330000': 'Plumbing and sanitary works',
  '45331210': 'Ventilation installation work',
  '45332400': 'Sanitary fixture installation work',
  '45400000': 'Building completion work',
  '45421100': 'Installation of doors and windows and related components',
  '45442100': 'Painting work',
  '45453000': 'Overhaul and refurbishment work',
  '50700000': 'Repair and maintenance services of building installations',
  '71000000': 'Architectural, construction, engineering and inspection services',
  '90910000': 'Cleaning services',
  '90911200': 'Building-cleaning services',
};

export const cpvLabel = (code: string, lang: Lang = 'da'): string | null =>
  (lang === 'en' ? cpvMeaningsEn : cpvMeanings)[code.slice(0, 8)] ?? null;

/** The codes with a meaning, for the test that both languages know each. */
export const knownCpvCodes = (lang: Lang): string[] => Object.keys(lang === 'en' ? cpvMeaningsEn : cpvMeanings);
