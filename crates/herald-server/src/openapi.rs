//! The OpenAPI 3.1 description of the API, written by hand. A test checks that it names exactly
//! the routes of `api::routes`, with their methods.

use serde_json::{json, Value};

fn query(name: &str, description: &str, schema: Value) -> Value {
    json!({ "name": name, "in": "query", "required": false, "description": description, "schema": schema })
}

fn page_params(max_offset: usize) -> Vec<Value> {
    vec![
        query("limit", "Page size, 1 to 200 (default 50).", json!({ "type": "integer", "minimum": 1, "maximum": 200 })),
        query(
            "offset",
            "Items to skip; the answer's next_offset gives the next page.",
            json!({ "type": "integer", "minimum": 0, "maximum": max_offset }),
        ),
    ]
}

fn day(name: &str, what: &str) -> Value {
    query(
        name,
        what,
        json!({ "type": "string", "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$", "examples": ["2015", "2015-05", "2015-05-12"] }),
    )
}

fn actor(name: &str, what: &str) -> Value {
    query(name, what, json!({ "type": "string", "pattern": "^[A-Za-z0-9]{1,24}$", "examples": ["USA", "RUSGOV"] }))
}

fn id_param(what: &str) -> Value {
    json!({ "name": "id", "in": "path", "required": true, "description": what, "schema": { "type": "string", "maxLength": 512 } })
}

fn ok(description: &str, schema: Value) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": schema } } })
}

fn error(description: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } })
}

fn page_of(item: &str) -> Value {
    json!({
        "type": "object",
        "required": ["items", "limit", "offset", "next_offset"],
        "properties": {
            "items": { "type": "array", "items": { "$ref": format!("#/components/schemas/{item}") } },
            "limit": { "type": "integer" },
            "offset": { "type": "integer" },
            "next_offset": { "type": ["integer", "null"] }
        }
    })
}

fn get(summary: &str, parameters: Vec<Value>, responses: Value) -> Value {
    json!({ "get": { "summary": summary, "parameters": parameters, "responses": responses } })
}

/// The description.
pub fn document() -> Value {
    let bad = error("bad_request: a parameter is unknown, given twice, too long or malformed.");
    let not_found = error("not_found: no such id.");
    let relation_params = vec![
        actor("a", "The first actor's code prefix (required)."),
        actor("b", "The second actor's code prefix (required)."),
        query("by", "Bucket width (default month).", json!({ "type": "string", "enum": ["day", "week", "month"] })),
        query("directed", "Only events from a to b.", json!({ "type": "boolean" })),
    ];
    let mut documents = get(
        "Documents, latest publication date first.",
        [
            vec![
                query("source", "Only documents from this source (exact).", json!({ "type": "string" })),
                day("from", "Published on or after this date."),
                day("to", "Published on or before this date."),
            ],
            page_params(crate::data::MAX_DOC_OFFSET),
        ]
        .concat(),
        json!({ "200": ok("A page of documents.", page_of("DocSummary")), "400": bad }),
    );
    documents["post"] = json!({
        "summary": "Ingest documents (off unless the server has a token).",
        "security": [{ "bearer": [] }],
        "requestBody": {
            "required": true,
            "description": "One JSON object, an array of objects, or JSON Lines; each object as a line of a .jsonl \
                            file for `herald ingest` (text or html, and optional metadata). At most 10 MiB.",
            "content": {
                "application/json": { "schema": { "oneOf": [{ "type": "object" }, { "type": "array", "items": { "type": "object" } }] } },
                "application/x-ndjson": { "schema": { "type": "string" } }
            }
        },
        "responses": {
            "200": ok("What the ingest did.", json!({ "$ref": "#/components/schemas/IngestReport" })),
            "400": error("bad_request: the body is not JSON objects."),
            "401": error("unauthorized: no token or a wrong one."),
            "403": error("ingest_disabled: the server has no token."),
            "413": error("payload_too_large: the body is over 10 MiB.")
        }
    });
    let event_params = [
        vec![
            actor("actor", "Events whose source or target code starts with this."),
            query(
                "dyad",
                "Two actor code prefixes A,B: events between them (both directions unless directed).",
                json!({ "type": "string", "examples": ["USA,RUS"] }),
            ),
            query("directed", "With dyad: only events from A to B.", json!({ "type": "boolean" })),
            query("code", "CAMEO code prefix.", json!({ "type": "string", "pattern": "^[0-9]{1,4}$" })),
            day("from", "Events on or after this day."),
            day("to", "Events on or before this day."),
        ],
        page_params(crate::data::MAX_SCAN_OFFSET),
    ]
    .concat();
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "herald",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Documents, entities, coded events and relations that herald has read. Errors are \
                            {\"error\": {\"code\", \"message\"}} with codes bad_request, not_found, unknown_route, \
                            method_not_allowed, ambiguous, unauthorized, ingest_disabled, payload_too_large, busy, \
                            unsupported, internal."
        },
        "paths": {
            "/api/status": get("Counts, last ingest, rejections.", vec![], json!({ "200": ok("Status.", json!({ "type": "object" })), "400": bad })),
            "/api/documents": documents,
            "/api/documents/{id}": get(
                "One document (full id, id prefix of 6+ hex digits, or external id) with its mentions, entities and events.",
                vec![id_param("Document id, id prefix or external id.")],
                json!({ "200": ok("The document.", json!({ "type": "object", "properties": {
                    "document": { "type": "object" }, "mentions": { "type": "array" },
                    "entities": { "type": "array" }, "events": { "type": "array", "items": { "$ref": "#/components/schemas/Event" } } } })),
                    "400": bad, "404": not_found, "409": error("ambiguous: the prefix names several documents.") })
            ),
            "/api/entities": get(
                "Canonical entities, most articles first.",
                [vec![query("type", "Entity type.", json!({ "type": "string", "enum": ["person", "organisation", "gpe", "location", "facility", "group"] }))],
                 page_params(crate::data::MAX_SCAN_OFFSET)].concat(),
                json!({ "200": ok("A page of entities.", page_of("EntitySummary")), "400": bad })
            ),
            "/api/entities/{id}": get(
                "One entity: aliases, actor codes by date, articles, co-mentioned entities, events as source and as target.",
                vec![id_param("Entity id."), query("limit", "Articles and co-mentions shown, 1 to 200 (default 20).", json!({ "type": "integer", "minimum": 1, "maximum": 200 }))],
                json!({ "200": ok("The entity.", json!({ "type": "object" })), "400": bad, "404": not_found })
            ),
            "/api/events": get(
                "Coded events, latest day first, each with the sentences that report it.",
                event_params,
                json!({ "200": ok("A page of events.", page_of("Event")), "400": bad })
            ),
            "/api/stories": get(
                "Stories (reports of one real-world event, clustered), latest last day first.",
                [vec![
                    day("from", "Stories whose last day is on or after this."),
                    day("to", "Stories whose first day is on or before this."),
                    query("storyline", "Only the stories of this storyline, in timeline order.", json!({ "type": "string" })),
                ], page_params(crate::data::MAX_SCAN_OFFSET)].concat(),
                json!({ "200": ok("A page of stories.", page_of("Story")), "400": bad })
            ),
            "/api/stories/{id}": get(
                "One story (its id, a unique prefix, or a member document's key): summary with citations, members, events, and its storyline's timeline.",
                vec![id_param("Story id, id prefix, or a member document's id or external id."),
                     query("limit", "Members and events shown, 1 to 200 (default 50).", json!({ "type": "integer", "minimum": 1, "maximum": 200 }))],
                json!({ "200": ok("The story.", json!({ "type": "object", "properties": {
                    "summary": { "type": "array" }, "members": { "type": "array" }, "events": { "type": "array" },
                    "timeline": { "type": "array", "items": { "$ref": "#/components/schemas/Story" } } } })),
                    "400": bad, "404": not_found })
            ),
            "/api/storylines": get(
                "Storylines (stories linked over time), latest first, each with its timeline.",
                [page_params(crate::data::MAX_SCAN_OFFSET),
                 vec![query("stories", "Stories per timeline, 1 to 100 (default 20).", json!({ "type": "integer", "minimum": 1, "maximum": 100 }))]].concat(),
                json!({ "200": ok("A page of storylines.", json!({ "type": "object" })), "400": bad })
            ),
            "/api/relations": get(
                "Two actors' events per bucket by QuadClass with the mean Goldstein value.",
                relation_params.clone(),
                json!({ "200": ok("Rows.", json!({ "type": "object", "properties": { "rows": { "type": "array", "items": { "$ref": "#/components/schemas/RelationRow" } } } })), "400": bad })
            ),
            "/api/relations.svg": get(
                "The same as a chart.",
                relation_params,
                json!({ "200": { "description": "SVG chart.", "content": { "image/svg+xml": { "schema": { "type": "string" } } } }, "400": bad })
            ),
            "/api/search": get(
                &format!("Full-text search over article titles and bodies and story headlines and summaries, best first (BM25, titles and headlines weigh more). Filters narrow articles; a story passes when one of its articles does. Ranking is bounded so that a search costs about the same whatever the store holds: of the articles that match and pass the filters, only the {w} most recently stored are ranked, and of the stories the {w} opened last; a word nearly every article holds is thus ranked among its latest matches, and hits past that window are not returned (add words or filters to reach older ones). Searches wait in a queue of their own (a few run at once) so that they never delay other pages.", w = herald_store::search::SEARCH_WINDOW),
                vec![
                    json!({ "name": "q", "in": "query", "required": true,
                            "description": "The words to look for, all required; \"a phrase\" in double quotes; word* for any word that begins so (2+ letters). Nothing else is syntax: quotes, dashes, stars elsewhere, operators and punctuation only separate words.",
                            "schema": { "type": "string", "maxLength": 512 } }),
                    query("in", "Where to look (default all).", json!({ "type": "string", "enum": ["all", "documents", "stories"] })),
                    actor("actor", "Articles reporting an event whose source or target code starts with this."),
                    query("dyad", "Two actor code prefixes A,B: articles reporting an event between them (both directions unless directed).", json!({ "type": "string", "examples": ["USA,RUS"] })),
                    query("directed", "With dyad: only events from A to B.", json!({ "type": "boolean" })),
                    query("code", "Articles reporting an event with this CAMEO code prefix (the same event as actor and dyad).", json!({ "type": "string", "pattern": "^[0-9]{1,4}$" })),
                    query("entity", "Articles that mention this entity (its id).", json!({ "type": "string" })),
                    query("source", "Articles from this source (exact).", json!({ "type": "string" })),
                    day("from", "Articles published on or after this date; stories whose last day is."),
                    day("to", "Articles published on or before this date; stories whose first day is."),
                    query("limit", "Page size, 1 to 100 (default 20).", json!({ "type": "integer", "minimum": 1, "maximum": crate::data::SEARCH_MAX_LIMIT })),
                    query("offset", "Hits to skip; the answer's next_offset gives the next page.", json!({ "type": "integer", "minimum": 0, "maximum": crate::data::MAX_SEARCH_OFFSET })),
                ],
                json!({ "200": ok("A page of hits.", page_of("SearchHit")), "400": error("bad_request: q is missing or has no word, or a parameter is unknown, given twice, too long or malformed.") })
            ),
            "/api/rejected": get(
                "Inputs turned away, most recently met first.",
                page_params(crate::data::MAX_SCAN_OFFSET),
                json!({ "200": ok("A page of rejections.", page_of("Rejected")), "400": bad })
            ),
            "/api/openapi.json": get("This description.", vec![], json!({ "200": ok("OpenAPI 3.1.", json!({ "type": "object" })) })),
        },
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": {
                "Error": { "type": "object", "required": ["error"], "properties": { "error": { "type": "object",
                    "required": ["code", "message"], "properties": { "code": { "type": "string" }, "message": { "type": "string" } } } } },
                "DocSummary": { "type": "object", "properties": { "id": { "type": "string" }, "external_id": { "type": ["string", "null"] },
                    "source": { "type": ["string", "null"] }, "title": { "type": ["string", "null"] }, "dct": { "type": ["object", "null"] },
                    "language": { "type": ["string", "null"] }, "body_chars": { "type": "integer" }, "paragraphs": { "type": "integer" },
                    "boilerplate_paragraphs": { "type": "integer" } } },
                "EntitySummary": { "type": "object", "properties": { "id": { "type": "string" }, "name": { "type": "string" },
                    "type": { "type": "string" }, "articles": { "type": "integer" }, "mentions": { "type": "integer" }, "aliases": { "type": "array" } } },
                "Event": { "type": "object", "properties": { "id": { "type": "integer" }, "day": { "type": ["string", "null"] },
                    "source": { "type": ["object", "null"] }, "target": { "type": ["object", "null"] }, "cameo": { "type": "string" },
                    "cameo_name": { "type": "string" }, "goldstein": { "type": "number" }, "quad_class": { "type": "integer" },
                    "num_mentions": { "type": "integer" }, "num_sources": { "type": "integer" }, "num_articles": { "type": "integer" },
                    "reports": { "type": "array" } } },
                "Story": { "type": "object", "properties": { "id": { "type": "string" }, "first_day": { "type": ["string", "null"] },
                    "last_day": { "type": ["string", "null"] }, "size": { "type": "integer" }, "duplicates": { "type": "integer" },
                    "sources": { "type": "integer" }, "language": { "type": ["string", "null"] }, "headline": { "type": "string" },
                    "storyline": { "type": ["string", "null"] }, "span": { "type": "string" }, "line": { "type": "string" } } },
                "SearchHit": { "type": "object", "required": ["kind", "score", "snippet"], "properties": {
                    "kind": { "type": "string", "enum": ["document", "story"] },
                    "score": { "type": "number", "description": "Higher is better." },
                    "snippet": { "type": "array", "description": "The best passage, in pieces; match is true for the words that matched.",
                        "items": { "type": "object", "properties": { "text": { "type": "string" }, "match": { "type": "boolean" } } } },
                    "id": { "type": "string", "description": "Documents: the document id." },
                    "external_id": { "type": ["string", "null"] }, "title": { "type": ["string", "null"] },
                    "day": { "type": ["string", "null"] }, "source": { "type": ["string", "null"] },
                    "cluster": { "type": "string", "description": "Stories: the story id." }, "headline": { "type": "string" },
                    "first_day": { "type": ["string", "null"] }, "last_day": { "type": ["string", "null"] }, "size": { "type": "integer" } } },
                "RelationRow": { "type": "object", "properties": { "bucket": { "type": "string" }, "start": { "type": "string" },
                    "verbal_cooperation": { "type": "integer" }, "material_cooperation": { "type": "integer" },
                    "verbal_conflict": { "type": "integer" }, "material_conflict": { "type": "integer" }, "total": { "type": "integer" },
                    "mean_goldstein": { "type": ["number", "null"] } } },
                "Rejected": { "type": "object", "properties": { "origin": { "type": "object" }, "stage": { "type": "string" },
                    "reason": { "type": "string" }, "detail": { "type": "string" }, "first_seen": { "type": "string" },
                    "last_seen": { "type": "string" }, "times": { "type": "integer" } } },
                "IngestReport": { "type": "object", "properties": { "ingested": { "type": "integer" }, "known": { "type": "integer" },
                    "rejected": { "type": "object", "additionalProperties": { "type": "integer" } },
                    "annotated": { "type": "integer" }, "events": { "type": "integer" }, "unchanged": { "type": "boolean" } } }
            }
        }
    })
}
