/**
 * A decision tree in the format of the national Beslishulp AI-verordening (its
 * schema_decision_tree.json), as Waarborg reads it: the official file and Waarborg's own file
 * have this shape. Texts may carry a little HTML (`<br>`, `<strong>`, lists), which pages show
 * through the register's allow-list sanitizer.
 */
export interface TreeSource {
  source: string;
  url?: string;
}

/** Tried in order after the answer's labels are added; the first whose condition holds leads on. */
export interface TreeRedirect {
  if: string;
  nextQuestionId?: string;
  nextConclusionId?: string;
}

export interface TreeAnswer {
  answer: string;
  /** Added to the labels gathered so far when this answer is chosen. */
  labels?: string[];
  /** A remark shown with the answer when it is chosen (the national tool shows it as a note). */
  subresult?: string;
  answerComment?: string;
  nextQuestionId?: string;
  nextConclusionId?: string;
  redirects?: TreeRedirect[];
}

export interface TreeQuestion {
  questionId: string;
  question: string;
  explanation: string;
  category: string;
  subcategory: string;
  description?: string;
  sources?: TreeSource[];
  answers: TreeAnswer[];
}

export interface TreeConclusion {
  conclusionId: string;
  conclusion: string;
  obligation: string;
  conclusionComment?: string;
  sources?: TreeSource[];
}

export interface DecisionTreeContent {
  name: string;
  version: string;
  questions: TreeQuestion[];
  conclusions: TreeConclusion[];
}
