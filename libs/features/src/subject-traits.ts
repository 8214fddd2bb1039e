/** What a subject line says about itself that tends to move open rates. */
export interface SubjectTraits {
  emoji: boolean;
  /** Carries a merge tag such as `{{firstName}}`. */
  personalized: boolean;
  length: number;
  /** The largest "NN%" in it, 0 when none. */
  discountPercent: number;
}

const EMOJI = /\p{Extended_Pictographic}/u;
const MERGE_TAG = /\{\{\s*[\w.]+\s*\}\}|\*\|[A-Z_]+\|\*/;
const PERCENT = /(\d{1,2})\s?%/g;

export function subjectTraits(subject: string): SubjectTraits {
  let discount = 0;
  for (const m of subject.matchAll(PERCENT)) discount = Math.max(discount, Number(m[1]));
  return { emoji: EMOJI.test(subject), personalized: MERGE_TAG.test(subject), length: [...subject].length, discountPercent: discount };
}
