//! The serializable values handed to templates (reports, tables, charts,
//! indicators, photos), and the small helpers that build them, one file
//! per kind of page part.

mod charts;
mod indicators;
mod photos;
mod report;
mod site;

pub(super) use charts::{ChartOut, monthly_values, sample_title, sparkline_of};
pub(super) use indicators::{
    HistoryPoint, IndicatorSummary, IndicatorView, MonthlyColumn, MonthlyTable, YearTotalView,
    group_by_table, indicator_url,
};
pub(super) use photos::{GalleryMonth, gallery_of, picture_html};
pub(super) use report::ReportContext;
pub(super) use site::{PageMeta, ReportCard, SiteContext};
