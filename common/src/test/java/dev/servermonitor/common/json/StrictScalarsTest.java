package dev.servermonitor.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

class StrictScalarsTest {

    enum Mode {
        ALLOW,
        DENY
    }

    record Body(Integer port, int count, long id, Boolean flag, String name, Double ratio, Mode mode) {
    }

    private static final ObjectMapper JSON = mapper();

    private static ObjectMapper mapper() {
        ObjectMapper m = new ObjectMapper();
        new StrictScalars().customize(m);
        return m;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"port|22.5", "port|22.0", "port|1e3", "port|\"22\"", "port|true", "port|\"\"",
            "count|7.5", "count|\"7\"", "id|\"7\"", "id|7.0", "flag|\"true\"", "flag|1", "name|123", "name|true",
            "ratio|\"0.5\"", "mode|0", "mode|\"\""})
    void aValueOfAnotherTypeIsRefusedNamingTheField(String field, String value) {
        assertThatThrownBy(() -> JSON.readValue("{\"" + field + "\":" + value + "}", Body.class))
                .isInstanceOfSatisfying(MismatchedInputException.class,
                        e -> assertThat(e.getPath()).singleElement()
                                .satisfies(ref -> assertThat(ref.getFieldName()).isEqualTo(field)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"port\":22,\"count\":-1,\"id\":9007199254740993,\"flag\":false,\"name\":\"x\",\"ratio\":1,"
                    + "\"mode\":\"DENY\"}",
            "{\"port\":null,\"ratio\":0.25}", "{}"})
    void valuesOfTheirOwnTypeAreRead(String json) throws Exception {
        assertThat(JSON.readValue(json, Body.class)).isNotNull();
    }
}
