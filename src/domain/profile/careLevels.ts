import { z } from 'zod';

/** Levels of care, shared by the level-of-care rules, the catalog and the matcher. */
export const CareLevel = z.enum([
  'detox', // medically supervised withdrawal management
  'residential',
  'partial_hospitalization',
  'intensive_outpatient',
  'outpatient',
]);
export type CareLevel = z.infer<typeof CareLevel>;
