// TEMPORARY placeholder until the real module lands (helper). Not to be committed.
use std::ops::Range;
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub span: Range<usize>,
    pub message: String,
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelRef {
    pub name: String,
    pub span: Range<usize>,
}
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateInfo {
    pub label_refs: Vec<LabelRef>,
    pub value_refs: Vec<Range<usize>>,
}
pub fn analyze(_text: &str) -> Result<TemplateInfo, TemplateError> {
    Ok(TemplateInfo::default())
}
