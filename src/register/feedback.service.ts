import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { Feedback } from '../feedback/entities/feedback.entity';
import type { FeedbackDto } from './dto/feedback.dto';
import { dbTime, fromDbTime, q } from '../database/sql';
import { RegisterService } from './register.service';

/** At most this many messages per address in one window; counted in the database for all instances. */
export const FEEDBACK_LIMIT = 5;
export const FEEDBACK_WINDOW_MS = 10 * 60_000;

@Injectable()
export class FeedbackService {
  constructor(
    private readonly ds: DataSource,
    private readonly register: RegisterService,
  ) {}

  /** Stores a message from the public for the organisation that owns the entry. */
  async submit(publicId: string, dto: FeedbackDto, address: string): Promise<void> {
    const owner = await this.register.entryOwner(publicId);
    await this.ds.transaction(async (em) => {
      // Only a hash of the address is kept, and only for the length of the window.
      const key = createHash('sha256').update(`feedback:${address}`).digest('hex');
      const now = new Date();
      const [counter] = await q<{ window_start: unknown; count: number }>(
        em,
        'SELECT window_start, count FROM register_feedback_counters WHERE key = ?',
        [key],
      );
      if (
        !counter ||
        now.getTime() - fromDbTime(counter.window_start).getTime() > FEEDBACK_WINDOW_MS
      ) {
        await q(em, 'DELETE FROM register_feedback_counters WHERE key = ?', [key]);
        await q(
          em,
          'INSERT INTO register_feedback_counters (key, window_start, count) VALUES (?, ?, 1)',
          [key, dbTime(em, now)],
        );
      } else if (Number(counter.count) >= FEEDBACK_LIMIT) {
        throw new DomainError('TOO_MANY_REQUESTS', 'register.feedback.tooMany');
      } else {
        await q(em, 'UPDATE register_feedback_counters SET count = count + 1 WHERE key = ?', [key]);
      }
      await em.save(
        em.create(Feedback, {
          algorithmId: owner.algorithmId,
          organisationId: owner.organisationId,
          name: dto.name ?? null,
          email: dto.email ?? null,
          message: dto.message,
        }),
      );
    });
  }
}
