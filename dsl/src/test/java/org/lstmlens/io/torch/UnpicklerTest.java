package org.lstmlens.io.torch;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The restricted reader on pickles Python itself wrote (/usr/bin/python3's {@code pickle.dumps}, hex below) in every
 * protocol: the plain values come out as Python holds them.
 */
class UnpicklerTest {
    /**
     * {@code pickle.dumps({'a': [1, 2.5, True, None, 'xé'], 'b': (1, 2), 'big': 2**70, 'neg': -5, 'n300': 300,
     * 'n70000': 70000, 'nested': {'k': [[], ()]}}, protocol=p)} for p = 0, 1, 2, 4, 5.
     */
    private static final String[] PICKLES = {
        "286470300a56610a70310a286c70320a49310a6146322e350a614930310a614e615678e90a70330a617356620a70340a2849310a4932"
            + "0a7470350a73566269670a70360a4c313138303539313632303731373431313330333432344c0a73566e65670a70370a492d35"
            + "0a73566e3330300a70380a493330300a73566e37303030300a70390a4937303030300a73566e65737465640a7031300a28647031"
            + "310a566b0a7031320a286c7031330a286c7031340a6128746173732e",
        "7d71002858010000006171015d7102284b014740040000000000004930310a4e580300000078c3a97103655801000000627104284b01"
            + "4b02747105580300000062696771064c313138303539313632303731373431313330333432344c0a58030000006e656771074afb"
            + "ffffff58040000006e33303071084d2c0158060000006e373030303071094a7011010058060000006e6573746564710a7d710b58"
            + "010000006b710c5d710d285d710e296573752e",
        "80027d71002858010000006171015d7102284b01474004000000000000884e580300000078c3a971036558010000006271044b014b02"
            + "867105580300000062696771068a0900000000000000004058030000006e656771074afbffffff58040000006e33303071084d2c"
            + "0158060000006e373030303071094a7011010058060000006e6573746564710a7d710b58010000006b710c5d710d285d710e2965"
            + "73752e",
        "80049575000000000000007d94288c0161945d94284b01474004000000000000884e8c0378c3a994658c0162944b014b0286948c0362"
            + "6967948a090000000000000000408c036e6567944afbffffff8c046e333030944d2c018c066e3730303030944a701101008c066e"
            + "6573746564947d948c016b945d94285d94296573752e",
        "80059575000000000000007d94288c0161945d94284b01474004000000000000884e8c0378c3a994658c0162944b014b0286948c0362"
            + "6967948a090000000000000000408c036e6567944afbffffff8c046e333030944d2c018c066e3730303030944a701101008c066e"
            + "6573746564947d948c016b945d94285d94296573752e",
    };

    @ParameterizedTest(name = "protocol index {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void should_read_plain_values_of_every_protocol(int index) {
        Map<Object, Object> d = map(read(PICKLES[index]));

        assertThat(d.keySet()).containsExactly("a", "b", "big", "neg", "n300", "n70000", "nested");
        assertThat(list(d.get("a"))).containsExactly(1L, 2.5, true, null, "x\u00e9");
        assertThat(list(d.get("b"))).containsExactly(1L, 2L);
        assertThat(d.get("big")).isEqualTo(BigInteger.TWO.pow(70));
        assertThat(d.get("neg")).isEqualTo(-5L);
        assertThat(d.get("n300")).isEqualTo(300L);
        assertThat(d.get("n70000")).isEqualTo(70000L);
        Map<Object, Object> nested = map(d.get("nested"));
        assertThat(list(nested.get("k"))).containsExactly(List.of(), List.of());
    }

    @Test
    void should_build_an_ordered_dict_as_a_map_in_order() {
        // pickle.dumps(collections.OrderedDict([('w', 1.0), ('v', -2)]), protocol=2)
        Object od = read("800263636f6c6c656374696f6e730a4f726465726564446963740a710029527101285801000000777102473ff0"
                + "00000000000058010000007671034afeffffff752e");
        Map<Object, Object> want = new LinkedHashMap<>();
        want.put("w", 1.0);
        want.put("v", -2L);
        assertThat(od).isEqualTo(want);
        assertThat(map(od).keySet()).containsExactly("w", "v");
    }

    @Test
    void should_decode_protocol_0_unicode_escapes() {
        // pickle.dumps({'k': '\u0101\U0001F600'}, protocol=0): raw-unicode-escape text
        Object d = read("286470300a566b0a70310a565c75303130315c5530303031663630300a70320a732e");
        assertThat(map(d).get("k")).isEqualTo("\u0101\ud83d\ude00");
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> map(Object o) {
        return (Map<Object, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    private static Object read(String hex) {
        return new Unpickler(HexFormat.of().parseHex(hex), "test.pkl", new Globals(false), id -> null).load();
    }
}
