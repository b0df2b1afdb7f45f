import { Module } from '@nestjs/common';
import { OperatorService } from './operator.service';

/** Granting and revoking the operator, for the command line only (cli.module.ts): no route reaches it. */
@Module({
  providers: [OperatorService],
  exports: [OperatorService],
})
export class OperatorModule {}
