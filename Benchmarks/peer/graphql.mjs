// graphql-js from Debian's node-graphql (/usr/share/nodejs/graphql), or from GRAPHQL_JS: the
// peer has no package.json and installs nothing from npm.
import { pathToFileURL } from 'node:url';

const folder = process.env.GRAPHQL_JS || '/usr/share/nodejs/graphql';
const graphql = await import(pathToFileURL(`${folder}/index.mjs`).href);

export const {
  GraphQLError, GraphQLList, GraphQLNonNull, Kind, buildSchema, execute, getNamedType, getOperationAST, parse, validate, version,
} = graphql;
