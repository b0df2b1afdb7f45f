import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { fromDbTime, q, sqlTrue } from '../database/sql';

/** A resident's question and the organisation's answer, as the public entry shows them. */
export interface PublicQuestion {
  question: string;
  answer: string;
  askedAt: Date;
  answeredAt: Date;
}

/**
 * The questions about an entry that were answered and published with the resident's consent,
 * newest answer first. Never the resident's name or address: those are not even read here.
 * Provided by the register module, whose entry page and API show them.
 */
@Injectable()
export class PublicQuestions {
  constructor(private readonly ds: DataSource) {}

  async forEntry(publicId: string): Promise<PublicQuestion[]> {
    const rows = await q<Record<string, unknown>>(
      this.ds,
      `SELECT f.message, f.answer, f.created_at, f.answered_at
         FROM feedback f JOIN algorithms a ON a.id = f.algorithm_id
        WHERE a.public_id = ? AND f.state = 'answered' AND f.published_at IS NOT NULL
          AND f.publish_consent = ${sqlTrue(this.ds)}
        ORDER BY f.answered_at DESC, f.id DESC`,
      [publicId],
    );
    return rows.map((r) => ({
      question: String(r.message),
      answer: String(r.answer),
      askedAt: fromDbTime(r.created_at),
      answeredAt: fromDbTime(r.answered_at),
    }));
  }
}
