import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, FindOptionsSelect } from 'typeorm';
import { canonicalJson } from '../audit/audit-hash';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import type { RequestContext } from '../common/request-context';
import type { FieldProblem } from '../common/validation';
import { analyseTree, TreeAnalysis } from './decision-tree-analysis';
import {
  CompiledTree,
  compileTree,
  PathStep,
  ReplayResult,
  replayPath,
  StepError,
  StepProblem,
} from './decision-tree-engine';
import { DECISION_TREES_DIR, LoadedTree, loadDecisionTreeFile } from './decision-tree-loader';
import { DecisionTreeError } from './decision-tree-problem';
import { TREE_REFERENCE } from './dto/evaluate-path.dto';
import { DecisionTree } from './entities/decision-tree.entity';

const TREE_FILE = /^[a-z][a-z0-9-]*\.v\d+\.yaml$/;

export interface TreeInstallResult {
  tree: DecisionTree;
  /** False when this exact version was already installed. */
  installed: boolean;
  /** Whether this installation made it the active version. */
  activated: boolean;
}

/** An installed version with what the admin page shows of it. */
export interface TreeOverview {
  tree: DecisionTree;
  questions: number;
  conclusions: number;
  pathCount: number;
}

export type EvaluationResult = { tree: string } & ReplayResult;

/** An installed version as answers are replayed on it: what names it, and its compiled content. */
export interface ReadyTree {
  id: number;
  key: string;
  version: string;
  name: string;
  compiled: CompiledTree;
}

/** 1.10.0 after 1.9.0: versions compare by their numbers, not as text. */
function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

/**
 * Installed decision tree versions. A version, once installed, never changes: installing the same
 * key and version with other content is refused. One version is active: the first one installed,
 * then a higher version of the same tree when it is installed, or whichever an admin activates.
 */
@Injectable()
export class DecisionTreesService {
  /** Trees never change once installed, so what is worked out from one can be kept by id. */
  private readonly compiled = new Map<number, { tree: CompiledTree; analysis: TreeAnalysis }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async overview(): Promise<TreeOverview[]> {
    const trees = await this.dataSource
      .getRepository(DecisionTree)
      .find({ relations: { installedBy: true } });
    return trees
      .sort((a, b) => a.key.localeCompare(b.key) || compareVersions(b.version, a.version))
      .map((tree) => this.describe(tree));
  }

  async overviewOf(id: number): Promise<TreeOverview> {
    const tree = await this.dataSource
      .getRepository(DecisionTree)
      .findOne({ where: { id }, relations: { installedBy: true } });
    if (!tree) throw new DomainError('NOT_FOUND');
    return this.describe(tree);
  }

  private describe(tree: DecisionTree): TreeOverview {
    return {
      tree,
      questions: tree.content.questions.length,
      conclusions: tree.content.conclusions.length,
      pathCount: this.compile(tree).analysis.pathCount,
    };
  }

  /**
   * The active version, ready to replay: the tree new classifications are pinned to and the
   * evaluation API uses by default. 409 while none is active.
   */
  async activeTree(em: EntityManager = this.dataSource.manager): Promise<ReadyTree> {
    const head = await em.findOne(DecisionTree, {
      where: { active: true },
      order: { id: 'DESC' },
      select: TREE_HEAD,
    });
    if (!head) throw new DomainError('CONFLICT', 'classification.tree.noActiveTree');
    return this.ready(em, head);
  }

  /** The version an assessment is pinned to, ready to replay. */
  async treeById(em: EntityManager, id: number): Promise<ReadyTree> {
    return this.ready(
      em,
      await em.findOneOrFail(DecisionTree, { where: { id }, select: TREE_HEAD }),
    );
  }

  /**
   * An installed version never changes (installing the same version again with other content is
   * refused), so what names it is read every time, and its content (the national tree's is 257 KB
   * of JSON) only when this instance has not compiled it yet.
   */
  private async ready(em: EntityManager, head: DecisionTree): Promise<ReadyTree> {
    const compiled =
      this.compiled.get(head.id) ??
      this.compile(await em.findOneByOrFail(DecisionTree, { id: head.id }));
    const { id, key, version, name } = head;
    return { id, key, version, name, compiled: compiled.tree };
  }

  /** The tree ready to replay; checked at installation, so compiling it cannot fail. */
  private compile(tree: DecisionTree): { tree: CompiledTree; analysis: TreeAnalysis } {
    let found = this.compiled.get(tree.id);
    if (!found) {
      const compiled = compileTree(tree.content);
      found = { tree: compiled, analysis: analyseTree(compiled) };
      this.compiled.set(tree.id, found);
    }
    return found;
  }

  /**
   * Replays a path of answers on the named version, or on the active one. A step that does not
   * fit is refused as a validation problem naming it: `answers.3.answer`.
   */
  async evaluate(reference: string | undefined, path: PathStep[]): Promise<EvaluationResult> {
    const em = this.dataSource.manager;
    let tree: ReadyTree;
    if (reference === undefined) {
      tree = await this.activeTree(em);
    } else {
      const where = treeOfReference(reference);
      const head = where ? await em.findOne(DecisionTree, { where, select: TREE_HEAD }) : null;
      if (!head) throw stepRefusal('tree', 'unknownTree', { tree: reference });
      tree = await this.ready(em, head);
    }
    try {
      return { tree: `${tree.key}@${tree.version}`, ...replayPath(tree.compiled, path) };
    } catch (err) {
      if (err instanceof StepError) throw refusalOf(err.detail);
      throw err;
    }
  }

  /** Tree files in seeds/decision-trees, with whether each is installed (for the admin page). */
  async availableFiles(): Promise<{ file: string; installed: boolean; error?: string }[]> {
    const installed = await this.dataSource
      .getRepository(DecisionTree)
      .find({ select: { key: true, version: true } });
    return readdirSync(DECISION_TREES_DIR)
      .filter((f) => TREE_FILE.test(f))
      .sort()
      .map((file) => {
        try {
          const { key, content } = loadDecisionTreeFile(join(DECISION_TREES_DIR, file));
          return {
            file,
            installed: installed.some((t) => t.key === key && t.version === content.version),
          };
        } catch (err) {
          if (!(err instanceof DecisionTreeError)) throw err;
          return { file, installed: false, error: err.message };
        }
      });
  }

  /** Installs a file from seeds/decision-trees by name (the admin page and the seeds offer these). */
  installFile(ctx: RequestContext, file: string): Promise<TreeInstallResult> {
    if (!TREE_FILE.test(file)) throw new DomainError('NOT_FOUND');
    return this.install(ctx, loadDecisionTreeFile(join(DECISION_TREES_DIR, file)), basename(file));
  }

  /** Installs a checked tree; `activate` makes it the active one whatever was active before. */
  async install(
    ctx: RequestContext,
    loaded: LoadedTree,
    sourceFile: string,
    options: { activate?: boolean } = {},
  ): Promise<TreeInstallResult> {
    const { key, content } = loaded;
    const checksum = createHash('sha256').update(canonicalJson(content)).digest('hex');
    const result = await this.dataSource.transaction(async (em): Promise<TreeInstallResult> => {
      const existing = await em.findOneBy(DecisionTree, { key, version: content.version });
      if (existing) {
        if (existing.checksum !== checksum)
          throw new DomainError('CONFLICT', 'classification.tree.versionChanged', undefined, {
            key,
            version: content.version,
          });
        const activated = options.activate === true && !existing.active;
        if (activated) await this.makeActive(em, existing, ctx);
        return { tree: existing, installed: false, activated };
      }
      const active = await em.findOne(DecisionTree, { where: { active: true } });
      const becomesActive =
        options.activate === true ||
        !active ||
        (active.key === key && compareVersions(content.version, active.version) > 0);
      const tree = await em.save(
        em.create(DecisionTree, {
          key,
          version: content.version,
          name: content.name,
          content,
          checksum,
          active: false,
          sourceFile,
          installedById: ctx.user?.id ?? null,
        }),
      );
      await this.audit.record(em, ctx, {
        action: 'decision_tree.install',
        objectType: 'decision_tree',
        objectId: tree.id,
        actorRole: ctx.user ? 'admin' : null,
        result: 'success',
        details: { key, version: content.version, checksum, sourceFile },
      });
      if (becomesActive) await this.makeActive(em, tree, ctx);
      return { tree, installed: true, activated: becomesActive };
    });
    if (result.installed)
      this.compiled.set(result.tree.id, { tree: loaded.compiled, analysis: loaded.analysis });
    return result;
  }

  /** Makes an installed version the active one (the admin page's button). */
  activate(ctx: RequestContext, id: number): Promise<DecisionTree> {
    return this.dataSource.transaction(async (em) => {
      const tree = await em.findOneBy(DecisionTree, { id });
      if (!tree) throw new DomainError('NOT_FOUND');
      if (!tree.active) await this.makeActive(em, tree, ctx);
      return tree;
    });
  }

  private async makeActive(em: EntityManager, tree: DecisionTree, ctx: RequestContext) {
    const previous = await em.findOne(DecisionTree, { where: { active: true } });
    // One statement, so that no moment has two active versions or none.
    await em
      .createQueryBuilder()
      .update(DecisionTree)
      .set({ active: () => `CASE WHEN id = ${Number(tree.id)} THEN TRUE ELSE FALSE END` })
      .execute();
    tree.active = true;
    await this.audit.record(em, ctx, {
      action: 'decision_tree.activate',
      objectType: 'decision_tree',
      objectId: tree.id,
      actorRole: ctx.user ? 'admin' : null,
      result: 'success',
      details: {
        key: tree.key,
        version: tree.version,
        previous: previous ? `${previous.key}@${previous.version}` : null,
      },
    });
  }
}

function stepRefusal(field: string, problem: string, params: Record<string, unknown>) {
  const detail: FieldProblem = { field, key: `classification.evaluate.${problem}`, params };
  return new DomainError('VALIDATION_FAILED', 'errors.VALIDATION_FAILED', [detail]);
}

function refusalOf(p: StepProblem): DomainError {
  const at = `answers.${p.step}`;
  switch (p.problem) {
    case 'afterConclusion':
      return stepRefusal(at, p.problem, { conclusionId: p.conclusionId });
    case 'unknownQuestion':
      return stepRefusal(`${at}.questionId`, p.problem, { questionId: p.questionId });
    case 'outOfOrder':
      return stepRefusal(`${at}.questionId`, p.problem, {
        questionId: p.questionId,
        expected: p.expected,
      });
    case 'answerOutOfRange':
      return stepRefusal(`${at}.answer`, p.problem, {
        questionId: p.questionId,
        count: p.count,
      });
  }
}

/** What names an installed version, without its content (see ready). */
const TREE_HEAD: FindOptionsSelect<DecisionTree> = {
  id: true,
  key: true,
  version: true,
  name: true,
};

/**
 * What finds the version a reference such as `beslishulp-ai-verordening@1.0.0` names; null if it
 * names none.
 */
function treeOfReference(reference: string): { key: string; version: string } | null {
  const match = TREE_REFERENCE.exec(reference);
  return match ? { key: match[1], version: match[2] } : null;
}
