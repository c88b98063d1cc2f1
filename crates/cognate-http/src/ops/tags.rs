//! Tags: TagResource, UntagResource, ListTagsForResource.

use cognate_core::{service::RequestContext, Cognate, CoreResult};
use cognate_proto::{
    ListTagsForResourceRequest, ListTagsForResourceResponse, TagResourceRequest,
    UntagResourceRequest,
};

use super::wire::{present, required};

/// TagResource.
pub async fn tag_resource(
    c: &Cognate,
    _rc: &RequestContext,
    req: TagResourceRequest,
) -> CoreResult<()> {
    let arn = required(&req.resource_arn, "resourceArn")?;
    let tags = present(req.tags.as_ref(), "tags")?;
    c.tag_resource(arn, tags).await
}

/// UntagResource.
pub async fn untag_resource(
    c: &Cognate,
    _rc: &RequestContext,
    req: UntagResourceRequest,
) -> CoreResult<()> {
    let arn = required(&req.resource_arn, "resourceArn")?;
    let keys = present(req.tag_keys.as_deref(), "tagKeys")?;
    c.untag_resource(arn, keys).await
}

/// ListTagsForResource.
pub async fn list_tags_for_resource(
    c: &Cognate,
    _rc: &RequestContext,
    req: ListTagsForResourceRequest,
) -> CoreResult<ListTagsForResourceResponse> {
    let arn = required(&req.resource_arn, "resourceArn")?;
    c.list_tags_for_resource(arn).await
}
