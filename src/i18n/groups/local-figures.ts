import type { Dictionary } from '../dictionary.js';

// Danish (the source of the keys) and English texts for the "Lokale virksomheder" figures page
// (/tal/lokale-virksomheder): invitations and contract value to local firms and SMEs, per year and
// per tender.
export const localFiguresDa = {
  pageTitle: 'Tal om lokale virksomheder',
  heading: 'Tal om lokale virksomheder',
  lead: 'Hvor mange virksomheder {municipality} har inviteret til at give underhåndsbud, og hvor stor en del af invitationerne og af kontraktværdien der gik til lokale virksomheder og til små og mellemstore virksomheder (SMV’er). Tallene dækker tildelte opgaver og regnes efter tildelingsdatoen.',
  method: {
    heading: 'Sådan er tallene regnet',
    local: 'Lokal: virksomhedens postnummer i virksomhedsregistret er et af kommunens postnumre ({postcodes}).',
    sme: 'SMV: mikro, lille eller mellemstor virksomhed efter EU’s definition (anbefaling 2003/361/EF), som virksomheden selv har angivet i registret.',
    value: 'Kontraktværdi: tildelingens værdi ekskl. moms. Hele værdien tælles hos vinderen.',
    unknown: 'Ukendt: vinderen (eller en inviteret virksomhed) står ikke i virksomhedsregistret, så postnummer og størrelse kendes ikke. Den slags tælles for sig i kolonnen “Ukendt” og gættes aldrig; andelene er regnet af det hele, de ukendte medregnet.',
  },
  years: {
    heading: 'Pr. år',
    caption: 'Invitationer og kontraktværdi pr. år: i alt, til lokale virksomheder og til SMV’er',
  },
  tenders: {
    heading: 'Pr. opgave',
    caption: 'Invitationer og kontraktværdi pr. tildelt opgave, nyeste først',
  },
  col: {
    year: 'År',
    tender: 'Opgave',
    awardedOn: 'Tildelt',
    tenders: 'Opgaver',
    invitations: 'Invitationer',
    localInvitations: 'Heraf lokale',
    smeInvitations: 'Heraf SMV',
    value: 'Kontraktværdi',
    localValue: 'Til lokale',
    smeValue: 'Til SMV',
    unknownValue: 'Ukendt',
  },
  share: '{count} ({share})',
  noShare: '–',
  none: 'Der er endnu ingen tildelte opgaver at vise tal for.',
  registerLink: 'Se registret over lokale virksomheder',
  figuresLink: 'Tal om lokale virksomheder: invitationer og kontraktværdi til lokale virksomheder og SMV’er',
  dataNote: 'Tallene bygger på de samme data som API’et: /api/v1/tenders (invitations og bids) og /api/v1/firms.',
};

export const localFiguresEn: Dictionary<typeof localFiguresDa> = {
  pageTitle: 'Figures on local firms',
  heading: 'Figures on local firms',
  lead: 'How many firms {municipality} has invited to give informal bids (underhåndsbud), and how much of the invitations and of the contract value went to local firms and to small and medium-sized enterprises (SMEs). The figures cover awarded work and are counted by award date.',
  method: {
    heading: 'How the figures are counted',
    local: 'Local: the firm’s postcode in the firm register is one of the municipality’s postcodes ({postcodes}).',
    sme: 'SME: a micro, small or medium-sized enterprise by the EU definition (Recommendation 2003/361/EC), as the firm itself stated in the register.',
    value: 'Contract value: the award’s value excluding VAT. The whole value counts with the winner.',
    unknown: 'Unknown: the winner (or an invited firm) is not in the firm register, so its postcode and size are not known. These are counted apart in the “Unknown” column and never guessed; the shares are of the whole, unknowns included.',
  },
  years: {
    heading: 'By year',
    caption: 'Invitations and contract value by year: in total, to local firms and to SMEs',
  },
  tenders: {
    heading: 'By tender',
    caption: 'Invitations and contract value by awarded tender, newest first',
  },
  col: {
    year: 'Year',
    tender: 'Tender',
    awardedOn: 'Awarded',
    tenders: 'Tenders',
    invitations: 'Invitations',
    localInvitations: 'Of which local',
    smeInvitations: 'Of which SMEs',
    value: 'Contract value',
    localValue: 'To local firms',
    smeValue: 'To SMEs',
    unknownValue: 'Unknown',
  },
  share: '{count} ({share})',
  noShare: '–',
  none: 'There is no awarded work to show figures for yet.',
  registerLink: 'See the register of local firms',
  figuresLink: 'Figures on local firms: invitations and contract value to local firms and SMEs',
  dataNote: 'The figures use the same data as the API: /api/v1/tenders (invitations and bids) and /api/v1/firms.',
};
