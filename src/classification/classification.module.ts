import { Module } from '@nestjs/common';
import { AiActApiController } from './ai-act.api.controller';
import { DecisionTreesController } from './decision-trees.controller';
import { DecisionTreesPage, DecisionTreeVersionPage } from './decision-trees.page';
import { DecisionTreesService } from './decision-trees.service';

/** AI Act classification: decision trees, their installation and the public evaluation API. */
@Module({
  controllers: [AiActApiController, DecisionTreesController],
  providers: [DecisionTreesService, DecisionTreesPage, DecisionTreeVersionPage],
  exports: [DecisionTreesService],
})
export class ClassificationModule {}
