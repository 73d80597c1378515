import type { FirmSize, FirmStatus } from '../domain/firm.js';
import { t, type Lang } from '../i18n/index.js';

// Words for a firm's size (the EU SME classes) and its standing in the register.

/** "Mikro", "Lille", "Mellemstor", "Stor". */
export const firmSizeLabel = (size: FirmSize, lang: Lang = 'da') => t(lang, `firmRegister.size.${size}`);

/** "Afventer godkendelse", "Godkendt", "Afvist". */
export const firmStatusLabel = (status: FirmStatus, lang: Lang = 'da') => t(lang, `firmRegister.status.${status}`);
