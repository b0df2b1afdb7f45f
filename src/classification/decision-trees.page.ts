import { Injectable } from '@nestjs/common';
import type { PageBuilder, RouteParams } from '../common/forms/form-view';
import { parseId } from '../common/parse-id.pipe';
import type { RequestContext } from '../common/request-context';
import { treeView } from './decision-tree-texts';
import { DecisionTreesService } from './decision-trees.service';

/** `/admin/decision-trees`: installed versions, which one is active, and the shipped files. */
@Injectable()
export class DecisionTreesPage implements PageBuilder {
  constructor(private readonly trees: DecisionTreesService) {}

  async build() {
    const [trees, files] = await Promise.all([this.trees.overview(), this.trees.availableFiles()]);
    return { trees, files };
  }
}

/** `/admin/decision-trees/:id`: one version's questions, answers, labels and conclusions, to read before activating it. */
@Injectable()
export class DecisionTreeVersionPage implements PageBuilder {
  constructor(private readonly trees: DecisionTreesService) {}

  async build(_ctx: RequestContext, params: RouteParams) {
    const { tree, questions, conclusions, pathCount } = await this.trees.overviewOf(
      parseId(params.id, 'id'),
    );
    return {
      title: `${tree.name} ${tree.version}`,
      tree,
      counts: { questions, conclusions, paths: pathCount },
      ...treeView(tree.content),
    };
  }
}
