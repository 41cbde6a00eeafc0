//! Reusable pieces of the UI, by what they do.

mod badges;
mod data;
mod detail;
mod errors;
mod filters;
mod format;
mod forms;
mod list;
mod page;
mod pager;
mod query;
mod table;

pub use badges::*;
pub use data::*;
pub use detail::*;
pub use errors::*;
pub use filters::*;
pub use format::*;
pub use forms::*;
pub use list::*;
pub use page::*;
pub use pager::*;
pub use query::*;
pub use table::*;
