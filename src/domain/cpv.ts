// Meanings of the CPV codes the portal meets most (Common Procurement Vocabulary, Danish version).
// Codes carry a check digit ('45261000-4'); the lookup ignores it. Unknown codes show without a label.

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

export const cpvLabel = (code: string): string | null => cpvMeanings[code.slice(0, 8)] ?? null;
