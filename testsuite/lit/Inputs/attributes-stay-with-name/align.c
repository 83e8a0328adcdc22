
/* Appended to the rewritten file: the alignments survived. */
_Static_assert(__alignof__(VNET_NAME(post_attr)) == 64, "post_attr");
_Static_assert(__alignof__(VNET_NAME(buf)) == 128, "buf");
_Static_assert(__alignof__(VNET_NAME(pre_attr)) == 16, "pre_attr");
_Static_assert(__alignof__(VNET_NAME(lead_attr)) == 32, "lead_attr");
