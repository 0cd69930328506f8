// What an operation may cost, computed per request as the project does (QueryCost.swift;
// Benchmarks/peer/cost.mjs): each field costs 1, a list's selection costs as many times as the
// list is long (a page's `limit`, else an assumed length), introspection a flat price. The
// project answers it in `extensions.cost`, and a request costing 200 or more spends one more
// rate unit per 100.
package main

import (
	"strconv"
	"text/scanner"

	"github.com/graph-gophers/graphql-go/types"
)

var pagedLists = map[string]int64{"Query.listSheetMusic": 20, "Query.myPracticeSessions": 20, "Query.myPracticeLogs": 20, "Query.recommendedSheetMusic": 10}

var assumedLengths = map[string]int64{
	"SheetMusicConnection.edges": 1, "PracticeSessionConnection.edges": 1, "PracticeLogConnection.edges": 1,
	"SheetMusic.measures": 16, "Measure.notes": 16, "PracticeSession.logs": 20,
	"Query.myPracticeTemplates": 20, "Query.myPieces": 50, "Query.myAchievements": 30, "Query.myGoals": 20,
}

const defaultLength = 10

var introspectionPrices = map[string]int64{"__schema": 500, "__type": 50}

const costCeiling = int64(1) << 40

// costWalk walks one operation's selections.
type costWalk struct {
	schema    *types.Schema
	document  *types.ExecutableDefinition
	variables map[string]any
	memo      map[string]int64
	visiting  map[string]bool
}

// cost answers what operation may cost with these variables.
func cost(schema *types.Schema, document *types.ExecutableDefinition, operation *types.OperationDefinition, variables map[string]any) int64 {
	walk := &costWalk{schema: schema, document: document, variables: variables, memo: map[string]int64{}, visiting: map[string]bool{}}
	root := schema.EntryPoints["query"]
	switch operation.Type {
	case "MUTATION":
		root = schema.EntryPoints["mutation"]
	case "SUBSCRIPTION":
		root = schema.EntryPoints["subscription"]
	}
	return walk.selections(operation.Selections, root)
}

// fieldsOf answers the fields of an object or interface type, or nil.
func fieldsOf(parent types.NamedType) types.FieldsDefinition {
	switch parent := parent.(type) {
	case *types.ObjectTypeDefinition:
		return parent.Fields
	case *types.InterfaceTypeDefinition:
		return parent.Fields
	}
	return nil
}

func (w *costWalk) selections(selections types.SelectionSet, parent types.NamedType) int64 {
	total := int64(0)
	for _, selection := range selections {
		switch selection := selection.(type) {
		case *types.Field:
			if flat, ok := introspectionPrices[selection.Name.Name]; ok {
				total = min(costCeiling, total+flat)
				continue
			}
			fieldCost := int64(1)
			if selection.SelectionSet != nil {
				var fieldType types.Type
				if field := fieldsOf(parent).Get(selection.Name.Name); field != nil {
					fieldType = field.Type
				}
				inner := w.selections(selection.SelectionSet, namedType(fieldType))
				fieldCost += min(costCeiling, w.length(selection, parent, fieldType)*inner)
			}
			total = min(costCeiling, total+fieldCost)
		case *types.InlineFragment:
			typeCondition := parent
			if selection.On.Name != "" {
				typeCondition = w.schema.Types[selection.On.Name]
			}
			total = min(costCeiling, total+w.selections(selection.Selections, typeCondition))
		case *types.FragmentSpread:
			name := selection.Name.Name
			fragment := w.document.Fragments.Get(name)
			if _, done := w.memo[name]; !done && fragment != nil && !w.visiting[name] {
				w.visiting[name] = true
				w.memo[name] = w.selections(fragment.Selections, w.schema.Types[fragment.On.Name])
				delete(w.visiting, name)
			}
			total = min(costCeiling, total+w.memo[name])
		}
	}
	return total
}

// length is how long a field's list is taken to be: a page's limit, else its assumed length; 1
// for a field that is no list.
func (w *costWalk) length(field *types.Field, parent types.NamedType, fieldType types.Type) int64 {
	parentName := ""
	if parent != nil {
		parentName = parent.TypeName()
	}
	key := parentName + "." + field.Name.Name
	if fallback, ok := pagedLists[key]; ok {
		limit := fallback
		if given, ok := field.Arguments.Get("limit"); ok {
			switch given := given.(type) {
			case *types.PrimitiveValue:
				if given.Type == scanner.Int {
					if parsed, err := strconv.ParseInt(given.Text, 10, 64); err == nil {
						limit = parsed
					} else {
						limit = 100 // a larger number than any page
					}
				}
			case *types.Variable:
				if whole, ok := wholeNumber(w.variables[given.Name]); ok {
					limit = whole
				}
			}
		}
		return min(100, max(1, limit))
	}
	if nonNull, ok := fieldType.(*types.NonNull); ok {
		fieldType = nonNull.OfType
	}
	if _, ok := fieldType.(*types.List); ok {
		if length, ok := assumedLengths[key]; ok {
			return length
		}
		return defaultLength
	}
	return 1
}

// namedType unwraps lists and non-nulls.
func namedType(fieldType types.Type) types.NamedType {
	for {
		switch wrapped := fieldType.(type) {
		case *types.NonNull:
			fieldType = wrapped.OfType
		case *types.List:
			fieldType = wrapped.OfType
		case types.NamedType:
			return wrapped
		default:
			return nil
		}
	}
}
