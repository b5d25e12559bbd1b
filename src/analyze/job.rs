//! The files and figures of one run of the main job, with a clock per step.

use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;

use super::{AnalyzeConfig, AnalyzeSummary, RENDER_TIMEOUT, Step};
use crate::error::Result;
use crate::export::html;
use crate::export::index::{self, RunIndex};
use crate::export::render::{self, RenderFormat};
use crate::export::{DotMap, Engine};
use crate::model::Dataset;
use crate::output::write_atomic;

/// A DOT map waiting to be drawn.
pub(super) struct Drawing {
    name: String,
    what: String,
    dot: String,
    engine: Engine,
}

/// The run being written into `dir`.
pub(super) struct Job<'a> {
    dir: &'a Path,
    pub(super) summary: AnalyzeSummary,
    step: Option<(Step, Instant)>,
    on_step: &'a (dyn Fn(Step) + Sync),
    queue: Vec<Drawing>,
}

impl<'a> Job<'a> {
    pub(super) fn new(
        dir: &'a Path,
        config: &AnalyzeConfig,
        on_step: &'a (dyn Fn(Step) + Sync),
    ) -> Self {
        Job {
            dir,
            summary: AnalyzeSummary {
                dataset: String::new(),
                config: config.clone(),
                seconds: Vec::new(),
                files: Vec::new(),
                figures: Vec::new(),
                headlines: Vec::new(),
                bases: Vec::new(),
                notes: Vec::new(),
            },
            step: None,
            on_step,
            queue: Vec::new(),
        }
    }

    /// Stops the clock of the current step and starts `step`'s.
    pub(super) fn start(&mut self, step: Step) {
        self.stop();
        (self.on_step)(step);
        self.step = Some((step, Instant::now()));
    }

    fn stop(&mut self) {
        if let Some((step, t)) = self.step.take() {
            self.summary.seconds.push((step, t.elapsed().as_secs_f64()));
        }
    }

    /// Writes `content` to `name` and lists it in the index with `what`.
    pub(super) fn put(&mut self, name: &str, what: &str, content: &str) -> Result<()> {
        write_atomic(&self.dir.join(name), content.as_bytes())?;
        self.summary
            .files
            .push((name.to_string(), what.to_string()));
        Ok(())
    }

    /// Records a headline figure.
    pub(super) fn figure(&mut self, name: &str, value: impl ToString) {
        self.summary
            .figures
            .push((name.to_string(), value.to_string()));
    }

    /// Records a headline sentence.
    pub(super) fn headline(&mut self, text: String) {
        self.summary.headlines.push(text);
    }

    /// Records something the user should know.
    pub(super) fn note(&mut self, note: String) {
        self.summary.notes.push(note);
    }

    /// Writes `name.dot` and queues it to be drawn as SVG.
    pub(super) fn dot(&mut self, name: &str, what: &str, map: &DotMap) -> Result<()> {
        self.put(
            &format!("{name}.dot"),
            &format!("{what} (Graphviz DOT)"),
            &map.dot,
        )?;
        self.queue.push(Drawing {
            name: name.to_string(),
            what: what.to_string(),
            dot: map.dot.clone(),
            engine: map.engine,
        });
        Ok(())
    }

    /// Draws the queued DOT files as SVG, in parallel, when asked and possible;
    /// notes why not otherwise. A picture that fails is a note, not an error.
    pub(super) fn draw_all(&mut self, render: bool) {
        let queue = std::mem::take(&mut self.queue);
        if !render || queue.is_empty() {
            return;
        }
        if !render::graphviz_available() {
            for d in &queue {
                self.note(format!(
                    "{0}.svg was not drawn: Graphviz is not installed (apt install graphviz, brew install graphviz, \
                     or https://graphviz.org/download/); draw it with: {1}",
                    d.name,
                    d.engine.command_line("svg", &format!("{}.dot", d.name), &format!("{}.svg", d.name))
                ));
            }
            return;
        }
        let dir = self.dir;
        let results: Vec<(Drawing, Result<render::Rendered>)> = queue
            .into_par_iter()
            .map(|d| {
                let r = render::render_file(
                    &d.dot,
                    d.engine,
                    RenderFormat::Svg,
                    &dir.join(format!("{}.svg", d.name)),
                    RENDER_TIMEOUT,
                );
                (d, r)
            })
            .collect();
        for (d, r) in results {
            match r {
                Ok(_) => self.summary.files.push((format!("{}.svg", d.name), d.what)),
                Err(e) => self.note(format!("{}.svg was not drawn: {e}", d.name)),
            }
        }
    }

    /// Writes the index and the run record, and returns the summary.
    pub(super) fn finish(mut self, dataset: &Path, ds: &Dataset) -> Result<AnalyzeSummary> {
        self.stop();
        let options = crate::load::LoadOptions {
            encoding: self.summary.config.encoding,
        };
        let census = super::provenance::census(dataset, ds, &options)?;
        self.summary.bases = census.bases(
            &self.summary.files,
            self.summary.config.value_chain.as_deref(),
        );
        let name = ds.name.as_str();
        self.summary.dataset = name.to_string();
        self.summary
            .files
            .push(("README.md".to_string(), "this index".to_string()));
        self.summary.files.push((
            "index.html".to_string(),
            "this index as one web page, with the tables, maps and suggestions".to_string(),
        ));
        self.summary.files.push((
            "run.json".to_string(),
            "every parameter, the seed, the version and the time per step".to_string(),
        ));
        let s = &self.summary;
        let c = &s.config;
        let parameters = format!(
            "projection {}{}, resolution {}, seed {}",
            c.projection.name(),
            if c.between {
                " (links inside a node left out)"
            } else {
                ""
            },
            c.resolution,
            c.seed
        );
        let seconds: Vec<(&str, f64)> = s.seconds.iter().map(|(st, t)| (st.name(), *t)).collect();
        let run = RunIndex {
            dataset: name,
            dataset_path: dataset,
            parameters_line: &parameters,
            parameters: c,
            seed: c.seed,
            value_chain: c.value_chain.as_deref(),
            files: &s.files,
            figures: &s.figures,
            headlines: &s.headlines,
            bases: &s.bases,
            seconds: &seconds,
            notes: &s.notes,
        };
        write_atomic(&self.dir.join("README.md"), index::readme(&run).as_bytes())?;
        write_atomic(
            &self.dir.join("run.json"),
            index::run_json(&run)?.as_bytes(),
        )?;
        let page = html::RunPage {
            index: &run,
            dir: self.dir,
            dataset: ds,
            top: c.top,
            between: c.between,
        };
        write_atomic(
            &self.dir.join("index.html"),
            html::run_page(&page)?.as_bytes(),
        )?;
        Ok(self.summary)
    }
}
