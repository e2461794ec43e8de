//! Entry points: the functions users and queues call into. HTTP routes (Flask, FastAPI/Starlette,
//! Django and DRF, aiohttp), background tasks (Celery, Dramatiq), queue consumers (Kafka, RabbitMQ,
//! SQS), and what the config or a `# obslint: critical` comment names.

use super::modules::{callee, imports_any, local_names_of, Modules, Target};
use crate::python::model::{Call, ClassDef, Event, Expr, ExprKind, PythonFile, Scope};
use crate::python::settings::PythonSettings;
use std::collections::BTreeMap;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Framework {
    Flask,
    FastApi,
    Django,
    Aiohttp,
    Celery,
    Dramatiq,
    Kafka,
    RabbitMq,
    Sqs,
    Tornado,
    Pyramid,
    Grpc,
    /// Named by `[[python.critical-paths]]` or `# obslint: critical` only.
    Configured,
}

impl Framework {
    pub fn as_str(self) -> &'static str {
        match self {
            Framework::Flask => "Flask",
            Framework::FastApi => "FastAPI",
            Framework::Django => "Django",
            Framework::Aiohttp => "aiohttp",
            Framework::Celery => "Celery",
            Framework::Dramatiq => "Dramatiq",
            Framework::Kafka => "Kafka",
            Framework::RabbitMq => "RabbitMQ",
            Framework::Sqs => "SQS",
            Framework::Tornado => "Tornado",
            Framework::Pyramid => "Pyramid",
            Framework::Grpc => "gRPC",
            Framework::Configured => "critical path",
        }
    }

    /// What the entry point is, for messages.
    pub fn noun(self) -> &'static str {
        match self {
            Framework::Flask
            | Framework::FastApi
            | Framework::Django
            | Framework::Aiohttp
            | Framework::Tornado
            | Framework::Pyramid => "route",
            Framework::Grpc => "method",
            Framework::Celery | Framework::Dramatiq => "task",
            Framework::Kafka | Framework::RabbitMq | Framework::Sqs => "consumer",
            Framework::Configured => "function",
        }
    }
}

#[derive(Debug, Clone)]
pub struct EntryPoint {
    pub module: usize,
    /// Index into the module's scopes.
    pub scope: usize,
    /// `checkout` or `OrderView.post`.
    pub name: String,
    /// The function's name, where findings point.
    pub span: Range<usize>,
    pub framework: Framework,
    /// The route or task name when the code says it literally.
    pub route: Option<String>,
    pub critical: bool,
    /// `@app.task(base=Profiled)`: the base class's module, the scopes of its hooks that run around
    /// every call (`__call__`, `on_failure`, ...), and its name.
    pub task_base: Option<(usize, Vec<usize>, String)>,
}

const HTTP_METHODS: &[&str] = &["get", "post", "put", "patch", "delete", "head", "options"];
/// Route decorators: `@app.route`, `@router.get`, `@routes.post`.
const ROUTE_DECORATORS: &[&str] = &[
    "route",
    "get",
    "post",
    "put",
    "patch",
    "delete",
    "head",
    "options",
    "api_route",
    "websocket",
];
/// Methods of class-based views and viewsets that handle requests.
const VIEW_HANDLERS: &[&str] = &[
    "get",
    "post",
    "put",
    "patch",
    "delete",
    "head",
    "options",
    "dispatch_request",
    "list",
    "create",
    "retrieve",
    "update",
    "partial_update",
    "destroy",
];

/// The web framework a module's routes belong to, by what it imports.
fn web_framework(model: &PythonFile) -> Option<Framework> {
    if imports_any(model, &["fastapi", "starlette"]) {
        Some(Framework::FastApi)
    } else if imports_any(model, &["flask", "quart"]) {
        Some(Framework::Flask)
    } else if imports_any(model, &["aiohttp"]) {
        Some(Framework::Aiohttp)
    } else if imports_any(model, &["django", "rest_framework"]) {
        Some(Framework::Django)
    } else {
        None
    }
}

/// Every entry point of the project, in module and source order.
pub fn entry_points(modules: &Modules, settings: &PythonSettings) -> Vec<EntryPoint> {
    let mut found: BTreeMap<(usize, usize), EntryPoint> = BTreeMap::new();
    let parsed: Vec<usize> = modules.parsed().map(|(m, _)| m).collect();
    for m in parsed {
        // Test code calls into the app; it is not where requests arrive.
        let path = modules.root_relative(m);
        if super::apps::is_not_served(path) {
            continue;
        }
        let Some(model) = modules.model(m).cloned() else {
            continue;
        };
        let add = |found: &mut BTreeMap<(usize, usize), EntryPoint>,
                   scope: usize,
                   framework: Framework,
                   route: Option<String>| {
            insert(found, modules, m, scope, framework, route)
        };
        let consumers = Consumers::of(&model);
        for (i, scope) in model.scopes.iter().enumerate().skip(1) {
            if mocked(&model, scope) {
                continue;
            }
            if let Some((framework, route)) = decorated(modules, m, &model, scope) {
                add(&mut found, i, framework, route);
                if framework == Framework::Celery {
                    if let Some(e) = found.get_mut(&(m, i)) {
                        e.task_base = task_base(modules, m, scope);
                    }
                }
            }
            if let Some(framework) = consumer_loop(&consumers, scope) {
                add(&mut found, i, framework, None);
            }
        }
        for class in &model.classes {
            let framework =
                view_class(&model, class).or_else(|| tornado_handler(modules, m, &class.name));
            if let Some(framework) = framework {
                for i in handler_methods(&model, &class.name) {
                    add(&mut found, i, framework, None);
                }
            }
        }
        for scope in &model.scopes {
            for event in &scope.events {
                let Event::Call(expr) = event else { continue };
                let ExprKind::Call(call) = &expr.kind else {
                    continue;
                };
                for (target, framework, route) in registrations(&model, call) {
                    let handlers = if framework == Framework::Grpc {
                        servicer_methods(modules, m, target)
                    } else {
                        resolve_handler(modules, m, scope, target)
                    };
                    for (tm, ts) in handlers {
                        insert(&mut found, modules, tm, ts, framework, route.clone());
                    }
                }
            }
        }
        // The config and `# obslint: critical` make entry points critical, and name new ones.
        let root_relative = modules.root_relative(m).to_string();
        for (i, scope) in model.scopes.iter().enumerate().skip(1) {
            let configured = settings.critical_paths.iter().any(|c| {
                c.path.is_match(&root_relative)
                    && (c
                        .function
                        .as_ref()
                        .is_some_and(|f| scope.function.as_deref().is_some_and(|n| f.is_match(n)))
                        || c.decorator
                            .as_ref()
                            .is_some_and(|d| has_decorator(scope, d)))
            });
            if configured || scope.marked_critical {
                add(&mut found, i, Framework::Configured, None);
                if let Some(e) = found.get_mut(&(m, i)) {
                    e.critical = true;
                }
            }
        }
    }
    found
        .into_values()
        .filter(|e| e.critical || !is_probe(e))
        .collect()
}

/// Liveness, readiness and scrape endpoints: the orchestrator and Prometheus watch them from outside,
/// so they need no metrics or spans of their own.
fn is_probe(entry: &EntryPoint) -> bool {
    const PROBES: &[&str] = &[
        "health",
        "healthz",
        "healthcheck",
        "health_check",
        "livez",
        "readyz",
        "ready",
        "live",
        "liveness",
        "readiness",
        "ping",
        "metrics",
        "status",
        "info",
        "version",
    ];
    // `/healthz`, `/api/health`: a fixed path ending in a probe word. `/matches/<id>/live` is a route.
    let route_name = entry.route.as_deref().and_then(|r| {
        let fixed = !r.contains(['<', '{', '(']);
        fixed.then(|| {
            r.trim_matches(|c| c == '/' || c == '^' || c == '$')
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_ascii_lowercase()
        })
    });
    let function = entry
        .name
        .rsplit('.')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(
        entry.framework,
        Framework::Flask
            | Framework::FastApi
            | Framework::Django
            | Framework::Aiohttp
            | Framework::Tornado
            | Framework::Pyramid
    ) && match route_name {
        Some(r) => PROBES.contains(&r.as_str()),
        None => entry.route.is_none() && PROBES.contains(&function.as_str()),
    }
}

/// Records an entry point; the first framework found for a function wins.
fn insert(
    found: &mut BTreeMap<(usize, usize), EntryPoint>,
    modules: &Modules,
    m: usize,
    scope: usize,
    framework: Framework,
    route: Option<String>,
) {
    let Some(s) = modules.model(m).and_then(|model| model.scopes.get(scope)) else {
        return;
    };
    let name = match &s.class {
        Some(class) => format!("{class}.{}", s.function.as_deref().unwrap_or("?")),
        None => s.function.clone().unwrap_or_default(),
    };
    found.entry((m, scope)).or_insert(EntryPoint {
        module: m,
        scope,
        name,
        span: s.name_span.clone(),
        framework,
        route,
        critical: false,
        task_base: None,
    });
}

/// `@app.route("/x")`, `@router.get(...)`, `@app.task`, `@shared_task`, `@dramatiq.actor`, `@api_view`.
fn decorated(
    modules: &Modules,
    m: usize,
    model: &PythonFile,
    scope: &Scope,
) -> Option<(Framework, Option<String>)> {
    for d in &scope.decorators {
        let Some(chain) = callee(d) else { continue };
        let route = match &d.kind {
            ExprKind::Call(call) => call.args.first().and_then(|a| match &a.kind {
                ExprKind::Str(s) => Some(s.clone()),
                _ => None,
            }),
            _ => None,
        };
        let last = *chain.last()?;
        if chain.len() >= 2 && ROUTE_DECORATORS.contains(&last) && scope.class.is_none() {
            // The framework is the one the module imports, or the one of the module the app or
            // router object comes from (`from app import bp`).
            let framework = web_framework(model).or_else(|| {
                let (from, _) = modules.imported_symbol(m, chain[0])?;
                web_framework(modules.model(from)?)
            });
            if let Some(framework) = framework {
                if framework != Framework::Django {
                    return Some((framework, route));
                }
            }
        }
        if chain.len() >= 2 && last == "task" {
            let celery = imports_any(model, &["celery"])
                || modules
                    .imported_symbol(m, chain[0])
                    .and_then(|(from, _)| modules.model(from))
                    .is_some_and(|other| imports_any(other, &["celery"]));
            if celery {
                return Some((Framework::Celery, task_name(d)));
            }
        }
        if chain.len() == 1 && local_names_of(model, "celery", "shared_task").contains(&last) {
            return Some((Framework::Celery, task_name(d)));
        }
        if chain == ["dramatiq", "actor"]
            || (chain.len() == 1 && local_names_of(model, "dramatiq", "actor").contains(&last))
        {
            return Some((Framework::Dramatiq, None));
        }
        if chain.len() == 1 && local_names_of(model, "rest_framework", "api_view").contains(&last) {
            return Some((Framework::Django, None));
        }
        // Flask-AppBuilder views: `@expose("/list/")` on a method of a `BaseView`.
        if last == "expose" && scope.class.is_some() && imports_any(model, &["flask_appbuilder"]) {
            return Some((Framework::Flask, route));
        }
        if last == "view_config" && imports_any(model, &["pyramid"]) {
            let route = match &d.kind {
                ExprKind::Call(call) => call.keyword("route_name").and_then(|v| match &v.kind {
                    ExprKind::Str(s) => Some(s.clone()),
                    _ => None,
                }),
                _ => None,
            };
            return Some((Framework::Pyramid, route));
        }
    }
    None
}

/// `@app.task(name="billing.charge")`.
fn task_name(d: &Expr) -> Option<String> {
    let ExprKind::Call(call) = &d.kind else {
        return None;
    };
    call.keyword("name").and_then(|v| match &v.kind {
        ExprKind::Str(s) => Some(s.clone()),
        _ => None,
    })
}

/// Flask `MethodView`/`View`, aiohttp `web.View`, Django and DRF class-based views and viewsets.
fn view_class(model: &PythonFile, class: &ClassDef) -> Option<Framework> {
    for base in &class.bases {
        let Some(chain) = base.dotted() else { continue };
        let last = *chain.last()?;
        if imports_any(model, &["flask", "quart"]) && matches!(last, "MethodView" | "View") {
            return Some(Framework::Flask);
        }
        if imports_any(model, &["aiohttp"]) && last == "View" {
            return Some(Framework::Aiohttp);
        }
        if imports_any(model, &["django", "rest_framework"])
            && (last.ends_with("View") || last.ends_with("ViewSet") || last.ends_with("APIView"))
        {
            return Some(Framework::Django);
        }
    }
    None
}

fn handler_methods<'m>(model: &'m PythonFile, class: &'m str) -> impl Iterator<Item = usize> + 'm {
    model.scopes.iter().enumerate().filter_map(move |(i, s)| {
        let handles = s.class.as_deref() == Some(class)
            && s.function
                .as_deref()
                .is_some_and(|f| VIEW_HANDLERS.contains(&f) || has_decorator(s, "action"));
        handles.then_some(i)
    })
}

/// Whether a function carries a decorator, written in full (`billing.job`) or by its last part (`job`).
fn has_decorator(scope: &Scope, name: &str) -> bool {
    scope.decorators.iter().any(|d| {
        callee(d).is_some_and(|chain| chain.join(".") == name || chain.last() == Some(&name))
    })
}

/// A registration call's handler expression, framework and route: `add_url_rule`, `add_api_route`,
/// Django `path`/`re_path`/`url`, DRF `router.register`, aiohttp `add_get`/`web.get`, pika
/// `basic_consume`, aio-pika `queue.consume`.
fn registrations<'c>(
    model: &PythonFile,
    call: &'c Call,
) -> Vec<(&'c Expr, Framework, Option<String>)> {
    let Some(chain) = call.func.dotted() else {
        return Vec::new();
    };
    let Some(&last) = chain.last() else {
        return Vec::new();
    };
    let arg = |pos: usize, name: &str| -> Option<&'c Expr> { call.argument(pos, name) };
    let route = || {
        call.args.first().and_then(|a| match &a.kind {
            ExprKind::Str(s) => Some(s.clone()),
            _ => None,
        })
    };
    let mut out = Vec::new();
    let mut push = |e: Option<&'c Expr>, f: Framework, r: Option<String>| {
        if let Some(e) = e {
            out.push((e, f, r));
        }
    };
    match last {
        "add_url_rule" if imports_any(model, &["flask", "quart"]) || chain.len() >= 2 => {
            push(arg(2, "view_func"), Framework::Flask, route())
        }
        "add_api_route" | "add_api_websocket_route" => {
            push(arg(1, "endpoint"), Framework::FastApi, route())
        }
        "path" | "re_path" | "url" if chain.len() == 1 && imports_any(model, &["django"]) => {
            push(arg(1, "view"), Framework::Django, route())
        }
        "register" if chain.len() >= 2 && imports_any(model, &["rest_framework"]) => {
            push(arg(1, "viewset"), Framework::Django, route())
        }
        "add_get" | "add_post" | "add_put" | "add_patch" | "add_delete" | "add_head"
            if imports_any(model, &["aiohttp"]) =>
        {
            push(arg(1, "handler"), Framework::Aiohttp, route())
        }
        "add_route" if imports_any(model, &["aiohttp"]) => push(
            arg(2, "handler"),
            Framework::Aiohttp,
            call.args.get(1).and_then(|a| match &a.kind {
                ExprKind::Str(s) => Some(s.clone()),
                _ => None,
            }),
        ),
        m if chain.len() == 2
            && chain[0] == "web"
            && (HTTP_METHODS.contains(&m) || m == "route" || m == "view")
            && imports_any(model, &["aiohttp"]) =>
        {
            let handler = if m == "route" {
                arg(2, "handler")
            } else {
                arg(1, "handler")
            };
            push(handler, Framework::Aiohttp, route())
        }
        // Flask-RESTful / Flask-RESTX: `api.add_resource(Orders, "/orders")`.
        "add_resource" if chain.len() >= 2 => push(arg(0, "resource"), Framework::Flask, {
            call.args.get(1).and_then(|a| match &a.kind {
                ExprKind::Str(s) => Some(s.clone()),
                _ => None,
            })
        }),
        // Starlette: `Route("/orders", list_orders)`, `WebSocketRoute(...)` in a routes list.
        "Route" | "WebSocketRoute" if imports_any(model, &["starlette", "fastapi"]) => {
            push(arg(1, "endpoint"), Framework::FastApi, route())
        }
        "add_view" if imports_any(model, &["pyramid"]) => {
            push(arg(0, "view"), Framework::Pyramid, None)
        }
        // gRPC: `add_OrdersServicer_to_server(OrdersServicer(), server)`.
        m if m.starts_with("add_") && m.ends_with("Servicer_to_server") => {
            push(arg(0, "servicer"), Framework::Grpc, None)
        }
        "basic_consume" if imports_any(model, &["pika"]) => {
            push(arg(1, "on_message_callback"), Framework::RabbitMq, None)
        }
        "consume" if imports_any(model, &["aio_pika"]) => {
            push(arg(0, "callback"), Framework::RabbitMq, None)
        }
        _ => {}
    }
    out
}

/// The functions a registered handler names: a function, or the handler methods of a class
/// (`OrderView.as_view()`, a viewset).
fn resolve_handler(
    modules: &Modules,
    m: usize,
    scope: &Scope,
    handler: &Expr,
) -> Vec<(usize, usize)> {
    let expr = match &handler.kind {
        // `OrderView.as_view()` / `as_view("name")`: the class.
        ExprKind::Call(call) => match &call.func.kind {
            ExprKind::Attribute(inner, method) if method == "as_view" => inner.as_ref(),
            _ => return Vec::new(),
        },
        _ => handler,
    };
    let Some(chain) = expr.dotted() else {
        return Vec::new();
    };
    if let Some(Target::Function(tm, ts)) = modules.resolve_name(m, scope, &chain) {
        return vec![(tm, ts)];
    }
    // A class: defined here, or imported from a project module.
    let class_name = *chain.last().unwrap_or(&"");
    let owner = if chain.len() == 1 {
        modules
            .imported_symbol(m, class_name)
            .map(|(from, _)| from)
            .unwrap_or(m)
    } else {
        match modules.module_alias(m, chain[0]) {
            Some(from) => from,
            None => return Vec::new(),
        }
    };
    let Some(model) = modules.model(owner) else {
        return Vec::new();
    };
    let own: Vec<(usize, usize)> = handler_methods(model, class_name)
        .map(|i| (owner, i))
        .collect();
    if !own.is_empty() {
        return own;
    }
    // A project's own handler base class that dispatches to one method of each view
    // (`RH.process()` calling `self._process()`, `_process_GET`): that method is the view.
    model
        .scopes
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            s.class.as_deref() == Some(class_name)
                && s.function.as_deref().is_some_and(is_dispatch_target)
        })
        .map(|(i, _)| (owner, i))
        .collect()
}

/// Method names a project's handler base class conventionally dispatches to.
fn is_dispatch_target(name: &str) -> bool {
    let bare = name.trim_start_matches('_');
    matches!(bare, "process" | "handle" | "call__") || bare.starts_with("process_")
}

/// Whether a function runs under a mock of a cloud or HTTP service (`@mock_aws`, `@mock_s3` from moto,
/// `@responses.activate`): test code, whatever its file is called.
fn mocked(model: &PythonFile, scope: &Scope) -> bool {
    scope.decorators.iter().any(|d| {
        callee(d).is_some_and(|c| {
            let last = c.last().copied().unwrap_or("");
            (last.starts_with("mock_") && imports_any(model, &["moto"]))
                || c == ["responses", "activate"]
        })
    })
}

/// `@app.task(base=Profiled)`: the hooks of the project base class that run around each call.
fn task_base(modules: &Modules, m: usize, scope: &Scope) -> Option<(usize, Vec<usize>, String)> {
    scope.decorators.iter().find_map(|d| {
        let ExprKind::Call(call) = &d.kind else {
            return None;
        };
        let chain = call.keyword("base")?.dotted()?;
        let (cm, class) = modules.resolve_class(m, &chain)?;
        let hooks: Vec<(usize, usize, String)> = modules
            .methods(cm, &class)
            .into_iter()
            .filter(|(mm, ms, _)| {
                modules
                    .model(*mm)
                    .and_then(|model| model.scopes.get(*ms))
                    .and_then(|s| s.function.as_deref())
                    .is_some_and(|f| super::auto::TASK_HOOKS.contains(&f))
            })
            .collect();
        // Hooks of one module are kept; a base defined across modules keeps those of the nearest.
        let module = hooks.first()?.0;
        let scopes = hooks
            .iter()
            .filter(|(mm, _, _)| *mm == module)
            .map(|(_, s, _)| *s)
            .collect();
        Some((module, scopes, class))
    })
}

/// A Tornado `RequestHandler`, directly or through the project's own handler base classes.
fn tornado_handler(modules: &Modules, m: usize, class: &str) -> Option<Framework> {
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![(m, class.to_string(), 0usize)];
    while let Some((cm, c, depth)) = stack.pop() {
        // Each class once and a few bases up: a class that is its own base ends here.
        if depth > 8 || !seen.insert((cm, c.clone())) {
            continue;
        }
        let model = modules.model(cm)?;
        let Some(def) = model.classes.iter().find(|d| d.name == c) else {
            continue;
        };
        for base in &def.bases {
            let Some(chain) = base.dotted() else { continue };
            let last = chain.last().copied().unwrap_or("");
            if matches!(last, "RequestHandler" | "WebSocketHandler")
                && imports_any(model, &["tornado"])
            {
                return Some(Framework::Tornado);
            }
            if let Some((bm, bc)) = modules.resolve_class(cm, &chain) {
                stack.push((bm, bc, depth + 1));
            }
        }
    }
    None
}

/// The public methods of a gRPC servicer instance (`OrdersServicer()`) or class.
fn servicer_methods(modules: &Modules, m: usize, servicer: &Expr) -> Vec<(usize, usize)> {
    let class = match &servicer.kind {
        ExprKind::Call(call) => &call.func,
        _ => servicer,
    };
    let Some(chain) = class.dotted() else {
        return Vec::new();
    };
    let Some((cm, name)) = modules.resolve_class(m, &chain) else {
        return Vec::new();
    };
    let Some(model) = modules.model(cm) else {
        return Vec::new();
    };
    model
        .scopes
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            s.class.as_deref() == Some(name.as_str())
                && s.function.as_deref().is_some_and(|f| !f.starts_with('_'))
        })
        .map(|(i, _)| (cm, i))
        .collect()
}

/// A function that loops over a queue: `for msg in consumer` (kafka-python, aiokafka), `poll()`
/// (confluent-kafka), `receive_message` (SQS through boto3), `queue.iterator()` (aio-pika).
/// What a module says about message consumers, read once per module (per function it made a
/// module of many functions quadratic).
struct Consumers {
    kafka: bool,
    sqs: bool,
    rabbit: bool,
    /// Names bound to a Kafka consumer.
    names: Vec<String>,
}

impl Consumers {
    fn of(model: &PythonFile) -> Self {
        let kafka = imports_any(model, &["kafka", "aiokafka", "confluent_kafka"]);
        Consumers {
            kafka,
            sqs: imports_any(model, &["boto3", "aiobotocore", "aioboto3"]),
            rabbit: imports_any(model, &["aio_pika"]),
            names: if kafka {
                consumer_names(model)
            } else {
                Vec::new()
            },
        }
    }
}

fn consumer_loop(consumers: &Consumers, scope: &Scope) -> Option<Framework> {
    let kafka = consumers.kafka;
    let consumers_named = &consumers.names;
    for event in &scope.events {
        match event {
            Event::Assign { value, .. } => {
                if kafka
                    && value
                        .dotted()
                        .is_some_and(|c| consumers_named.iter().any(|n| n.as_str() == c.join(".")))
                {
                    return Some(Framework::Kafka);
                }
            }
            Event::Call(expr) => {
                let Some(chain) = callee(expr) else { continue };
                match chain.last().copied() {
                    Some("poll")
                        if kafka
                            && chain.len() >= 2
                            && consumers_named
                                .iter()
                                .any(|n| n.as_str() == chain[..chain.len() - 1].join(".")) =>
                    {
                        return Some(Framework::Kafka);
                    }
                    Some("receive_message") if consumers.sqs => return Some(Framework::Sqs),
                    Some("iterator") if consumers.rabbit => return Some(Framework::RabbitMq),
                    _ => {}
                }
            }
        }
    }
    None
}

/// The names bound to a Kafka consumer in the module.
fn consumer_names(model: &PythonFile) -> Vec<String> {
    let mut out = Vec::new();
    for scope in &model.scopes {
        for event in &scope.events {
            let Event::Assign { targets, value, .. } = event else {
                continue;
            };
            let is_consumer = callee(value).is_some_and(|c| {
                matches!(
                    c.last().copied(),
                    Some("KafkaConsumer" | "AIOKafkaConsumer" | "Consumer")
                )
            }) && matches!(value.kind, ExprKind::Call(_));
            if is_consumer {
                out.extend(targets.iter().cloned());
            }
        }
    }
    out
}
