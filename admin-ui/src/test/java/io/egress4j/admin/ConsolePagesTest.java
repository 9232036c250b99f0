package io.egress4j.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConsolePagesTest {

    @Test
    void aPresignedLocationIsALinkShownWithoutItsSignature() {
        assertEquals("<a rel=\"noreferrer\" target=\"_blank\" href=\"https://b.s3.example.com/a.mp4?X-Amz-Signature=s"
                + "&amp;X-Amz-Expires=604800\">https://b.s3.example.com/a.mp4</a>",
                ConsolePages.linked("https://b.s3.example.com/a.mp4?X-Amz-Signature=s&X-Amz-Expires=604800"));
    }

    @Test
    void anythingButAnHttpUrlStaysText() {
        assertEquals("javascript:alert(1)", ConsolePages.linked("javascript:alert(1)"));
        assertEquals("/recordings/&lt;a&gt;.mp4", ConsolePages.linked("/recordings/<a>.mp4"));
    }
}
