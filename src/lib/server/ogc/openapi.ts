// The OpenAPI 3.0 definition of /ogc (conformance class oas30): the paths of Part 1 Core, their
// parameters (limit's maximum tells clients such as GDAL how large a page may be) and responses.
const MAX_LIMIT = 10_000;

const ref = (name: string) => ({ $ref: `#/components/${name}` });
const jsonBody = (schema: unknown, type = 'application/json') => ({ content: { [type]: { schema } } });

export function openApi(base: string, collectionIds: string[]) {
	const link = {
		type: 'object',
		required: ['href'],
		properties: {
			href: { type: 'string' },
			rel: { type: 'string' },
			type: { type: 'string' },
			title: { type: 'string' }
		}
	};
	const ok = (description: string, schema: unknown, type = 'application/json') => ({
		description,
		...jsonBody(schema, type)
	});
	const errors = {
		'400': ref('responses/Invalid'),
		'401': ref('responses/Unauthorized'),
		'404': ref('responses/NotFound')
	};
	return {
		openapi: '3.0.3',
		info: {
			title: 'RedGrid OGC API – Features',
			version: '1.0.0',
			description:
				'Part 1: Core, GeoJSON and OpenAPI 3.0. Collections and features need a signed-in session or an API key (header X-API-Key); tickets follow the key’s scope and carry no personal data.'
		},
		servers: [{ url: base }],
		security: [{ apiKey: [] }, { cookie: [] }],
		paths: {
			'/': {
				get: {
					summary: 'landing page',
					operationId: 'getLandingPage',
					security: [],
					responses: { '200': ok('links to the API', ref('schemas/landingPage')) }
				}
			},
			'/conformance': {
				get: {
					summary: 'conformance classes',
					operationId: 'getConformanceDeclaration',
					security: [],
					responses: { '200': ok('the conformance classes', ref('schemas/confClasses')) }
				}
			},
			'/api': {
				get: {
					summary: 'this document',
					operationId: 'getApi',
					security: [],
					responses: {
						'200': ok('OpenAPI 3.0', { type: 'object' }, 'application/vnd.oai.openapi+json;version=3.0')
					}
				}
			},
			'/collections': {
				get: {
					summary: 'the collections',
					operationId: 'getCollections',
					responses: { '200': ok('the collections', ref('schemas/collections')), ...errors }
				}
			},
			'/collections/{collectionId}': {
				get: {
					summary: 'one collection',
					operationId: 'describeCollection',
					parameters: [ref('parameters/collectionId')],
					responses: { '200': ok('the collection', ref('schemas/collection')), ...errors }
				}
			},
			'/collections/{collectionId}/items': {
				get: {
					summary: 'features of a collection',
					operationId: 'getFeatures',
					parameters: [
						ref('parameters/collectionId'),
						ref('parameters/limit'),
						ref('parameters/offset'),
						ref('parameters/bbox'),
						ref('parameters/datetime')
					],
					responses: {
						'200': ok('a page of features', ref('schemas/featureCollectionGeoJSON'), 'application/geo+json'),
						...errors
					}
				}
			},
			'/collections/{collectionId}/items/{featureId}': {
				get: {
					summary: 'one feature',
					operationId: 'getFeature',
					parameters: [ref('parameters/collectionId'), ref('parameters/featureId')],
					responses: {
						'200': ok('the feature', ref('schemas/featureGeoJSON'), 'application/geo+json'),
						...errors
					}
				}
			}
		},
		components: {
			securitySchemes: {
				apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
				cookie: { type: 'apiKey', in: 'cookie', name: 'redgrid_session' }
			},
			parameters: {
				collectionId: {
					name: 'collectionId',
					in: 'path',
					required: true,
					schema: { type: 'string', enum: collectionIds }
				},
				featureId: { name: 'featureId', in: 'path', required: true, schema: { type: 'string' } },
				limit: {
					name: 'limit',
					in: 'query',
					required: false,
					style: 'form',
					explode: false,
					schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: 10 }
				},
				offset: {
					name: 'offset',
					in: 'query',
					required: false,
					schema: { type: 'integer', minimum: 0, default: 0 }
				},
				bbox: {
					name: 'bbox',
					in: 'query',
					required: false,
					style: 'form',
					explode: false,
					schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } }
				},
				datetime: {
					name: 'datetime',
					in: 'query',
					required: false,
					style: 'form',
					explode: false,
					schema: { type: 'string' },
					description:
						'An RFC 3339 instant or interval (start/end, ".." for an open end). Applies to tickets (reported), facilities (opened) and party organizations (founded).'
				}
			},
			schemas: {
				link,
				landingPage: {
					type: 'object',
					required: ['links'],
					properties: {
						title: { type: 'string' },
						description: { type: 'string' },
						links: { type: 'array', items: link }
					}
				},
				confClasses: {
					type: 'object',
					required: ['conformsTo'],
					properties: { conformsTo: { type: 'array', items: { type: 'string' } } }
				},
				collection: {
					type: 'object',
					required: ['id', 'links'],
					properties: {
						id: { type: 'string' },
						title: { type: 'string' },
						extent: { type: 'object' },
						itemType: { type: 'string' },
						crs: { type: 'array', items: { type: 'string' } },
						links: { type: 'array', items: link }
					}
				},
				collections: {
					type: 'object',
					required: ['links', 'collections'],
					properties: {
						links: { type: 'array', items: link },
						collections: { type: 'array', items: ref('schemas/collection') }
					}
				},
				featureGeoJSON: {
					type: 'object',
					required: ['type', 'geometry', 'properties'],
					properties: {
						type: { type: 'string', enum: ['Feature'] },
						id: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
						geometry: { type: 'object', nullable: true },
						properties: { type: 'object', nullable: true },
						links: { type: 'array', items: link }
					}
				},
				featureCollectionGeoJSON: {
					type: 'object',
					required: ['type', 'features'],
					properties: {
						type: { type: 'string', enum: ['FeatureCollection'] },
						features: { type: 'array', items: ref('schemas/featureGeoJSON') },
						links: { type: 'array', items: link },
						timeStamp: { type: 'string', format: 'date-time' },
						numberMatched: { type: 'integer', minimum: 0 },
						numberReturned: { type: 'integer', minimum: 0 }
					}
				},
				exception: {
					type: 'object',
					required: ['message'],
					properties: { message: { type: 'string' }, field: { type: 'string' } }
				}
			},
			responses: {
				Invalid: { description: 'a bad parameter (named in field)', ...jsonBody(ref('schemas/exception')) },
				Unauthorized: { description: 'sign in or send an API key', ...jsonBody(ref('schemas/exception')) },
				NotFound: { description: 'no such collection or feature', ...jsonBody(ref('schemas/exception')) }
			}
		}
	};
}
