import type { DecisionTreeContent } from '../../src/classification/decision-tree.types';

/** A two-question tree with a text that tries to smuggle in markup. */
export function smallTree(version: string, name = 'Kleine boom'): DecisionTreeContent {
  return {
    name,
    version,
    questions: [
      {
        questionId: 'a',
        question: 'Eerste vraag',
        explanation:
          '<strong>Let op</strong><script>alert(1)</script><a href="javascript:alert(2)">klik</a>',
        category: 'test',
        subcategory: 'Test',
        sources: [{ source: 'Bron', url: 'https://example.org/bron' }],
        answers: [
          { answer: 'Ja', labels: ['ja'], nextQuestionId: 'b' },
          { answer: 'Nee', nextConclusionId: 'klaar' },
        ],
      },
      {
        questionId: 'b',
        question: 'Tweede vraag',
        explanation: '',
        category: 'test',
        subcategory: 'Test',
        answers: [{ answer: 'Verder', nextConclusionId: 'klaar' }],
      },
    ],
    conclusions: [{ conclusionId: 'klaar', conclusion: 'Klaar', obligation: 'Niets' }],
  };
}
