// LinkedIn's "Add licence or certification" form, pre-filled through its documented query parameters.
// Months are 1-12. LinkedIn shows certId as the credential ID and links certUrl as "Show credential".

export interface Certification {
  name: string;
  organizationName: string;
  issuedOn: Date;
  expires?: Date;
  certUrl: string;
  certId: string;
}

export function linkedInAddCertificationUrl(cert: Certification): string {
  const params = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name: cert.name,
    organizationName: cert.organizationName,
    issueYear: String(cert.issuedOn.getUTCFullYear()),
    issueMonth: String(cert.issuedOn.getUTCMonth() + 1),
    certUrl: cert.certUrl,
    certId: cert.certId,
  });
  if (cert.expires) {
    params.set('expirationYear', String(cert.expires.getUTCFullYear()));
    params.set('expirationMonth', String(cert.expires.getUTCMonth() + 1));
  }
  return `https://www.linkedin.com/profile/add?${params}`;
}
