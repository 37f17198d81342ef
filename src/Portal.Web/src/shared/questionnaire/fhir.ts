/**
 * The parts of FHIR R4 Questionnaire and QuestionnaireResponse that Portal's form renders, and the rules it applies as the
 * patient answers: which items are shown (enableWhen with enableBehavior), the calculated total score, what is still
 * missing, and the QuestionnaireResponse made from the answers. The server checks the same rules again on submission.
 * These are FHIR resources carried inside the API's JSON, not API types.
 */

export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}

export interface Extension {
  url: string;
  valueDecimal?: number;
  valueInteger?: number;
  valueExpression?: { language?: string; expression?: string };
}

/** One answer, as FHIR writes it: exactly one value[x]. */
export interface Answer {
  valueBoolean?: boolean;
  valueDecimal?: number;
  valueInteger?: number;
  valueDate?: string;
  valueDateTime?: string;
  valueString?: string;
  valueCoding?: Coding;
}

export interface EnableWhen extends Answer {
  question: string;
  operator: 'exists' | '=' | '!=' | '>' | '<' | '>=' | '<=';
  answerBoolean?: boolean;
  answerDecimal?: number;
  answerInteger?: number;
  answerDate?: string;
  answerDateTime?: string;
  answerString?: string;
  answerCoding?: Coding;
}

export type ItemType =
  | 'group'
  | 'display'
  | 'string'
  | 'text'
  | 'boolean'
  | 'choice'
  | 'open-choice'
  | 'integer'
  | 'decimal'
  | 'date'
  | 'dateTime';

export interface Item {
  linkId: string;
  type: ItemType;
  text?: string;
  required?: boolean;
  repeats?: boolean;
  readOnly?: boolean;
  maxLength?: number;
  enableWhen?: EnableWhen[];
  enableBehavior?: 'all' | 'any';
  answerOption?: { valueCoding?: Coding; extension?: Extension[] }[];
  answerValueSet?: string;
  extension?: Extension[];
  item?: Item[];
}

export interface ValueSet {
  resourceType: 'ValueSet';
  id?: string;
  expansion?: { contains?: Coding[] };
  compose?: { include?: { system?: string; concept?: { code: string; display?: string }[] }[] };
}

export interface Questionnaire {
  resourceType: 'Questionnaire';
  url?: string;
  version?: string;
  title?: string;
  language?: string;
  contained?: (ValueSet | { resourceType: string })[];
  item?: Item[];
}

export interface ResponseItem {
  linkId: string;
  answer?: Answer[];
  item?: ResponseItem[];
}

export interface QuestionnaireResponse {
  resourceType: 'QuestionnaireResponse';
  status: string;
  questionnaire?: string;
  item?: ResponseItem[];
}

/** The answers so far, by link id; an item with no answer is absent or empty. */
export type Answers = Readonly<Record<string, readonly Answer[]>>;

const CALCULATED = 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression';
const ORDINAL = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';
export const TOTAL_SCORE_EXPRESSION = '%resource.repeat(item).answer.value.ordinal().sum()';

export function asQuestionnaire(value: unknown): Questionnaire | null {
  return typeof value === 'object' && value !== null && (value as { resourceType?: unknown }).resourceType === 'Questionnaire'
    ? (value as Questionnaire)
    : null;
}

export function asResponse(value: unknown): QuestionnaireResponse | null {
  return typeof value === 'object' && value !== null && (value as { resourceType?: unknown }).resourceType === 'QuestionnaireResponse'
    ? (value as QuestionnaireResponse)
    : null;
}

/** Every item, depth first, in the questionnaire's order. */
export function allItems(items: readonly Item[] | undefined): Item[] {
  return (items ?? []).flatMap((item) => [item, ...allItems(item.item)]);
}

export const isQuestion = (item: Item) => item.type !== 'group' && item.type !== 'display';

export const isTotalScore = (item: Item) =>
  (item.extension ?? []).some((e) => e.url === CALCULATED && e.valueExpression?.expression === TOTAL_SCORE_EXPRESSION);

/** The codings a choice item offers: its answer options, or the contained value set its answerValueSet names. */
export function options(questionnaire: Questionnaire, item: Item): Coding[] {
  if (item.answerOption?.length) {
    return item.answerOption.map((o) => o.valueCoding).filter((c): c is Coding => !!c);
  }
  const id = item.answerValueSet?.startsWith('#') ? item.answerValueSet.slice(1) : null;
  const valueSet = (questionnaire.contained ?? []).find((r): r is ValueSet => r.resourceType === 'ValueSet' && (r as ValueSet).id === id);
  if (!valueSet) {
    return [];
  }
  if (valueSet.expansion?.contains?.length) {
    return valueSet.expansion.contains;
  }
  return (valueSet.compose?.include ?? []).flatMap((include) =>
    (include.concept ?? []).map((c) => ({ system: include.system, code: c.code, display: c.display })),
  );
}

export const sameCode = (a: Coding | undefined, b: Coding | undefined) =>
  !!a && !!b && a.code === b.code && (!a.system || !b.system || a.system === b.system);

function compare(answer: Answer, condition: EnableWhen): number | null {
  if (condition.answerCoding !== undefined) {
    return sameCode(answer.valueCoding, condition.answerCoding) ? 0 : null;
  }
  if (condition.answerBoolean !== undefined) {
    return answer.valueBoolean === condition.answerBoolean ? 0 : null;
  }
  const numeric = condition.answerInteger ?? condition.answerDecimal;
  if (numeric !== undefined) {
    const value = answer.valueInteger ?? answer.valueDecimal;
    return value === undefined ? null : Math.sign(value - numeric);
  }
  const text = condition.answerString ?? condition.answerDate;
  const value = condition.answerString !== undefined ? answer.valueString : answer.valueDate;
  if (text !== undefined) {
    return value === undefined ? null : value < text ? -1 : value > text ? 1 : 0;
  }
  if (condition.answerDateTime !== undefined && answer.valueDateTime !== undefined) {
    const difference = Date.parse(answer.valueDateTime) - Date.parse(condition.answerDateTime);
    return Number.isNaN(difference) ? null : Math.sign(difference);
  }
  return null;
}

function holds(condition: EnableWhen, answers: readonly Answer[]): boolean {
  if (condition.operator === 'exists') {
    return answers.length > 0 === (condition.answerBoolean === true);
  }
  const results = answers.map((a) => compare(a, condition));
  switch (condition.operator) {
    case '=':
      return results.some((r) => r === 0);
    case '!=':
      return results.every((r) => r !== 0);
    case '>':
      return results.some((r) => r !== null && r > 0);
    case '<':
      return results.some((r) => r !== null && r < 0);
    case '>=':
      return results.some((r) => r !== null && r >= 0);
    case '<=':
      return results.some((r) => r !== null && r <= 0);
    default:
      return false;
  }
}

/** Which items are shown, by link id: an item is shown when its group is and its enableWhen holds (all, or any). */
export function enabledItems(questionnaire: Questionnaire, answers: Answers): Record<string, boolean> {
  const enabled: Record<string, boolean> = {};
  const answersOf = (linkId: string) => (enabled[linkId] === false ? [] : (answers[linkId] ?? []));
  const visit = (item: Item, parentEnabled: boolean) => {
    const conditions = item.enableWhen ?? [];
    const results = conditions.map((c) => holds(c, answersOf(c.question)));
    const own = conditions.length === 0 || (item.enableBehavior === 'any' ? results.some(Boolean) : results.every(Boolean));
    enabled[item.linkId] = parentEnabled && own;
    (item.item ?? []).forEach((child) => visit(child, enabled[item.linkId] ?? false));
  };
  (questionnaire.item ?? []).forEach((item) => visit(item, true));
  return enabled;
}

function ordinal(item: Item, coding: Coding): number {
  const option = (item.answerOption ?? []).find((o) => sameCode(o.valueCoding, coding));
  const extension = (option?.extension ?? []).find((e) => e.url === ORDINAL);
  return extension?.valueDecimal ?? extension?.valueInteger ?? 0;
}

/** The total score where the questionnaire has one: the sum of the scores of the chosen answers of shown questions. */
export function totalScore(questionnaire: Questionnaire, answers: Answers, enabled: Record<string, boolean>): number | null {
  const items = allItems(questionnaire.item);
  if (!items.some(isTotalScore)) {
    return null;
  }
  return items
    .filter((item) => enabled[item.linkId] !== false && (item.type === 'choice' || item.type === 'open-choice'))
    .flatMap((item) => (answers[item.linkId] ?? []).map((a) => (a.valueCoding ? ordinal(item, a.valueCoding) : 0)))
    .reduce((sum, value) => sum + value, 0);
}

/** The shown required questions that have no answer yet, in the questionnaire's order. */
export function missingRequired(questionnaire: Questionnaire, answers: Answers): Item[] {
  const enabled = enabledItems(questionnaire, answers);
  return allItems(questionnaire.item).filter(
    (item) => isQuestion(item) && item.required && !isTotalScore(item) && enabled[item.linkId] && !(answers[item.linkId]?.length),
  );
}

/** The answers as a QuestionnaireResponse: only shown items with answers, in the questionnaire's groups, the total included. */
export function toResponse(questionnaire: Questionnaire, answers: Answers): QuestionnaireResponse {
  const enabled = enabledItems(questionnaire, answers);
  const total = totalScore(questionnaire, answers, enabled);
  const build = (items: readonly Item[] | undefined): ResponseItem[] =>
    (items ?? []).flatMap((item): ResponseItem[] => {
      if (!enabled[item.linkId]) {
        return [];
      }
      if (item.type === 'group') {
        const children = build(item.item);
        return children.length ? [{ linkId: item.linkId, item: children }] : [];
      }
      if (isTotalScore(item)) {
        return total === null ? [] : [{ linkId: item.linkId, answer: [item.type === 'integer' ? { valueInteger: Math.round(total) } : { valueDecimal: total }] }];
      }
      const given = (answers[item.linkId] ?? []).filter(hasValue);
      return given.length && isQuestion(item) ? [{ linkId: item.linkId, answer: [...given] }] : [];
    });
  return { resourceType: 'QuestionnaireResponse', status: 'in-progress', item: build(questionnaire.item) };
}

/** The answers a saved QuestionnaireResponse holds, by link id. */
export function fromResponse(response: QuestionnaireResponse | null): Record<string, Answer[]> {
  const answers: Record<string, Answer[]> = {};
  const visit = (items: readonly ResponseItem[] | undefined) =>
    (items ?? []).forEach((item) => {
      if (item.answer?.length) {
        answers[item.linkId] = [...item.answer];
      }
      visit(item.item);
    });
  visit(response?.item);
  return answers;
}

export function hasValue(answer: Answer): boolean {
  return (
    answer.valueBoolean !== undefined ||
    (answer.valueDecimal !== undefined && Number.isFinite(answer.valueDecimal)) ||
    (answer.valueInteger !== undefined && Number.isFinite(answer.valueInteger)) ||
    !!answer.valueDate ||
    !!answer.valueDateTime ||
    !!answer.valueString ||
    !!answer.valueCoding
  );
}
