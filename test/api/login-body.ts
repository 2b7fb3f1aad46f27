// Login bodies built from the demo credentials (no test runner here: the fuzz and soak CLIs use it too).

export const loginBody = {
  pin: (p: { nationalId: string; pin: string }) => ({
    method: 'pin' as const,
    nationalId: p.nationalId,
    pin: p.pin,
  }),
  delegate: (d: { delegateNationalId: string; authorizationCode: string }) => ({
    method: 'delegate' as const,
    delegateNationalId: d.delegateNationalId,
    authorizationCode: d.authorizationCode,
  }),
  employer: (u: { unitNumber: string; password: string }) => ({
    method: 'employer' as const,
    unitNumber: u.unitNumber,
    password: u.password,
  }),
  employerPin: (u: { unitNumber: string; phonePin: string }) => ({
    method: 'employer-pin' as const,
    unitNumber: u.unitNumber,
    pin: u.phonePin,
  }),
};
