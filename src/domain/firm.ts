// A firm's size as the EU defines SMEs (Commission Recommendation 2003/361/EC): micro under 10
// employees and at most 2 mio. EUR turnover, small under 50 and 10 mio. EUR, medium under 250 and
// 50 mio. EUR turnover (or 43 mio. EUR balance sheet); everything larger is large.

export const firmSizes = ['micro', 'small', 'medium', 'large'] as const;
export type FirmSize = (typeof firmSizes)[number];

/** Micro, small and medium firms are SMEs. */
export const isSme = (size: FirmSize) => size !== 'large';

export const firmStatuses = ['unverified', 'approved', 'rejected'] as const;
export type FirmStatus = (typeof firmStatuses)[number];

/** Whether the firm appears on public pages: approved by an officer and listed by its own choice. */
export const isPubliclyListed = (firm: { status: FirmStatus; public_listing: boolean }) => firm.status === 'approved' && firm.public_listing;
