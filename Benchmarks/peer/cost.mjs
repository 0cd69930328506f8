// What an operation may cost, computed per request as the project does (QueryCost.swift): each
// field costs 1, a list's selection costs as many times as the list is long (a page's `limit`,
// else an assumed length), introspection a flat price. The project answers it in
// `extensions.cost`, and a request costing 200 or more spends one more rate unit per 100.
import { GraphQLList, GraphQLNonNull, Kind, getNamedType } from './graphql.mjs';

const PAGED = { 'Query.listSheetMusic': 20, 'Query.myPracticeSessions': 20, 'Query.myPracticeLogs': 20, 'Query.recommendedSheetMusic': 10 };
const ASSUMED = {
  'SheetMusicConnection.edges': 1, 'PracticeSessionConnection.edges': 1, 'PracticeLogConnection.edges': 1,
  'SheetMusic.measures': 16, 'Measure.notes': 16, 'PracticeSession.logs': 20,
  'Query.myPracticeTemplates': 20, 'Query.myPieces': 50, 'Query.myAchievements': 30, 'Query.myGoals': 20,
};
const DEFAULT_SIZE = 10;
const INTROSPECTION = { __schema: 500, __type: 50 };
const CEILING = 2 ** 40;

function size(field, parent, type, variables) {
  const key = `${parent?.name ?? ''}.${field.name.value}`;
  if (key in PAGED) {
    const given = field.arguments?.find((argument) => argument.name.value === 'limit')?.value;
    let limit = null;
    if (given?.kind === Kind.INT) limit = parseInt(given.value, 10);
    else if (given?.kind === Kind.VARIABLE && Number.isInteger(variables[given.name.value])) limit = variables[given.name.value];
    return Math.min(100, Math.max(1, limit ?? PAGED[key]));
  }
  const unwrapped = type instanceof GraphQLNonNull ? type.ofType : type;
  return unwrapped instanceof GraphQLList ? ASSUMED[key] ?? DEFAULT_SIZE : 1;
}

export function cost(schema, document, operation, variables) {
  const fragments = new Map();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const memo = new Map();
  const visiting = new Set();
  const walk = (selectionSet, parent) => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const flat = INTROSPECTION[selection.name.value];
        if (flat !== undefined) {
          total = Math.min(CEILING, total + flat);
          continue;
        }
        let fieldCost = 1;
        if (selection.selectionSet) {
          const type = parent?.getFields?.()[selection.name.value]?.type;
          const inner = walk(selection.selectionSet, type ? getNamedType(type) : undefined);
          fieldCost += Math.min(CEILING, size(selection, parent, type, variables) * inner);
        }
        total = Math.min(CEILING, total + fieldCost);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        total = Math.min(CEILING, total + walk(selection.selectionSet, type));
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!memo.has(name) && fragment && !visiting.has(name)) {
          visiting.add(name);
          memo.set(name, walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value)));
          visiting.delete(name);
        }
        total = Math.min(CEILING, total + (memo.get(name) ?? 0));
      }
    }
    return total;
  };
  return walk(operation.selectionSet, schema.getRootType(operation.operation));
}
