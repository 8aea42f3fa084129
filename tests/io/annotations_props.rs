//! Property tests of the MIT annotation reader and writer.

use proptest::prelude::*;
use sinus::annotation::{Annotation, Code};
use sinus::io::annotations::{encode_annotations, parse_annotations};

fn annotation_list() -> impl Strategy<Value = Vec<Annotation>> {
    let gap = prop_oneof![
        6 => 0u64..=1023,
        2 => 1024u64..=70_000,
        1 => 0u64..=(1u64 << 34), // past i32::MAX: several SKIPs
    ];
    let aux = prop_oneof![
        3 => Just(None),
        1 => "[A-Za-z0-9 ()+:#]{1,60}".prop_map(Some),
        1 => "\\PC{1,30}".prop_map(Some),
    ];
    let one = (gap, 1u8..=49, any::<i8>(), any::<u8>(), any::<i8>(), aux);
    prop::collection::vec(one, 0..120).prop_map(|items| {
        let mut sample = 0u64;
        items
            .into_iter()
            .map(|(gap, code, subtype, channel, num, aux)| {
                sample += gap;
                Annotation {
                    sample,
                    code: Code(code),
                    subtype,
                    channel,
                    num,
                    aux,
                }
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(crate::common::proptest_config(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let _ = parse_annotations(&bytes);
    }

    #[test]
    fn encode_then_parse_gives_the_annotations_back(anns in annotation_list()) {
        let bytes = encode_annotations(&anns).unwrap();
        prop_assert_eq!(parse_annotations(&bytes).unwrap(), anns);
    }

    #[test]
    fn damaged_encodings_never_panic(
        anns in annotation_list(),
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = encode_annotations(&anns).unwrap();
        for (at, v) in flips {
            let i = at.index(bytes.len());
            bytes[i] = v;
        }
        let keep = cut.index(bytes.len() + 1);
        let _ = parse_annotations(&bytes[..keep]);
    }
}
