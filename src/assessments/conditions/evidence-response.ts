import type { FastifyReply } from 'fastify';
import type { EvidenceType } from './entities/condition-report.entity';

/**
 * Sends an evidence document as a download, never as a page: its own type, a name made of ids,
 * and a policy that lets nothing in it run should a browser open it anyway.
 */
export function sendEvidence(
  reply: FastifyReply,
  evidence: { bytes: Buffer; type: EvidenceType; filename: string },
) {
  return reply
    .header('content-type', evidence.type)
    .header('content-disposition', `attachment; filename="${evidence.filename}"`)
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .send(evidence.bytes);
}
