// The shapes the phone reads from the API's "rights" routes (issue 12: the yearly statement, who looked at the
// record, call-back requests and requests to check the record), as the phone needs them. Written against the
// agreed contract while the routes are built; unknown extra fields are ignored, so the API can say more.
import { z } from 'zod';

const money = z.number().int();

export const statementYears = z.object({ years: z.array(z.number().int()) });

export const statement = z.object({
  year: z.number().int(),
  /** Absent when the role may not see them. */
  totals: z
    .object({
      monthsPaid: z.number().int(),
      amountPaid: money,
      monthsInArrears: z.number().int(),
      arrearsAmount: money,
    })
    .optional(),
  accounts: z
    .object({
      pension: z.object({ closingBalance: money }).optional(),
      medical: z.object({ closingBalance: money }).optional(),
    })
    .optional(),
  asOf: z.string().optional(),
});
export type Statement = z.infer<typeof statement>;

export const accessLog = z.object({
  items: z.array(
    z.object({
      at: z.string(),
      channel: z.string(),
      who: z.object({
        /** public: someone checking a document the person holds; unknown: a failed login on their ID. */
        kind: z.enum(['self', 'delegate', 'employer', 'agency', 'public', 'unknown']),
        maskedId: z.string().optional(),
        unitName: z.string().optional(),
      }),
      category: z.string(),
      outcome: z.string(),
    }),
  ),
  asOf: z.string().optional(),
});
export type AccessLog = z.infer<typeof accessLog>;

/** 201 of `POST /v1/callback-requests` and `POST /v1/me/requests`. */
export const requestReceipt = z.object({ reference: z.string().regex(/^\d+$/), status: z.string() });

/** A phone number a call-back can reach (E.164); Twilio gives "anonymous" and the like for hidden numbers. */
export const E164 = /^\+[1-9]\d{7,14}$/;
