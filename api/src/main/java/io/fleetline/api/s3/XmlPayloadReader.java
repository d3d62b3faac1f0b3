package io.fleetline.api.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.model.ServiceModel;
import io.fleetline.api.model.Shape;
import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads an XML payload into the JSON form of its shape, as the model lays it out (element names from
 * {@code locationName}, flattened lists as repeated elements, attributes for {@code xmlAttribute} members), with the
 * JDK's own StAX parser made safe for input from anyone: no DTD (a document type declaration is refused outright, so
 * no entity is ever declared, expanded or fetched: XXE and billion laughs are refused before they start), no entity
 * reference but XML's five, and at most {@value #MAX_DEPTH} elements deep. The caller bounds the size. Anything else
 * wrong is S3's {@code MalformedXML}. Elements the shape does not know are skipped, as the SDKs skip them.
 */
final class XmlPayloadReader {
    static final int MAX_DEPTH = 32;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final XMLInputFactory factory;

    XmlPayloadReader() {
        // the JDK's parser, whatever else is on the class path: its settings below are the ones checked
        factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    }

    /**
     * @param root the name the document's element must have ({@code Delete}, {@code CompleteMultipartUpload})
     * @throws S3Exception {@code MalformedXML}
     */
    JsonNode read(byte[] xml, ServiceModel model, Shape shape, String root) {
        XMLStreamReader reader = null;
        try {
            reader = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
            if (nextTag(reader) != XMLStreamConstants.START_ELEMENT || !reader.getLocalName().equals(root)) {
                throw S3Exception.malformedXml();
            }
            JsonNode value = value(reader, model, shape, 1);
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE
                        || event == XMLStreamConstants.START_ELEMENT
                        || event == XMLStreamConstants.CHARACTERS && !reader.isWhiteSpace()) {
                    throw S3Exception.malformedXml();
                }
            }
            return value;
        } catch (XMLStreamException | RuntimeException e) {
            // the JDK's parser reports some broken input unchecked (Xerces' XNIException): malformed all the same
            throw e instanceof S3Exception s3 ? s3 : S3Exception.malformedXml();
        } finally {
            close(reader);
        }
    }

    /** The value of the element the reader is at the start of; the reader ends at its end. */
    private JsonNode value(XMLStreamReader reader, ServiceModel model, Shape shape, int depth)
            throws XMLStreamException {
        if (depth > MAX_DEPTH) {
            throw S3Exception.malformedXml();
        }
        return switch (shape.type()) {
            case "structure" -> structure(reader, model, shape, depth);
            case "list" -> list(reader, model, shape, depth);
            case "map" -> map(reader, model, shape, depth);
            default -> WireScalar.of(shape, text(reader), "iso8601");
        };
    }

    private ObjectNode structure(XMLStreamReader reader, ServiceModel model, Shape shape, int depth)
            throws XMLStreamException {
        ObjectNode object = NODES.objectNode();
        Map<String, Shape.Member> byElement = new HashMap<>();
        for (Shape.Member member : shape.members().values()) {
            if (member.location().isPresent()) {
                continue;
            }
            if (member.xmlAttribute()) {
                String attribute = reader.getAttributeValue(null, localPart(member.locationName()));
                if (attribute != null) {
                    object.set(member.name(), WireScalar.of(model.shape(member.shapeName()), attribute, "iso8601"));
                }
                continue;
            }
            byElement.put(elementName(model, member), member);
        }
        while (nextTag(reader) == XMLStreamConstants.START_ELEMENT) {
            Shape.Member member = byElement.get(reader.getLocalName());
            if (member == null) {
                skip(reader, depth + 1);
                continue;
            }
            Shape memberShape = model.shape(member.shapeName());
            if (memberShape.type().equals("list") && memberShape.flattened()) {
                JsonNode element = value(reader, model, model.shape(memberShape.memberShapeName()), depth + 1);
                (object.has(member.name()) ? (ArrayNode) object.get(member.name()) : object.putArray(member.name()))
                        .add(element);
            } else if (object.has(member.name())) {
                throw S3Exception.malformedXml();  // which of two values counts would be a guess
            } else {
                object.set(member.name(), value(reader, model, memberShape, depth + 1));
            }
        }
        return object;
    }

    private ArrayNode list(XMLStreamReader reader, ServiceModel model, Shape shape, int depth)
            throws XMLStreamException {
        ArrayNode array = NODES.arrayNode();
        String element = shape.memberLocationName().orElse("member");
        Shape elementShape = model.shape(shape.memberShapeName());
        while (nextTag(reader) == XMLStreamConstants.START_ELEMENT) {
            if (reader.getLocalName().equals(element)) {
                array.add(value(reader, model, elementShape, depth + 1));
            } else {
                skip(reader, depth + 1);
            }
        }
        return array;
    }

    private ObjectNode map(XMLStreamReader reader, ServiceModel model, Shape shape, int depth)
            throws XMLStreamException {
        ObjectNode map = NODES.objectNode();
        while (nextTag(reader) == XMLStreamConstants.START_ELEMENT) {
            String key = null;
            JsonNode value = null;
            while (nextTag(reader) == XMLStreamConstants.START_ELEMENT) {
                if (depth + 2 > MAX_DEPTH) {
                    throw S3Exception.malformedXml();
                }
                if (reader.getLocalName().equals(shape.keyLocationName())) {
                    key = text(reader);
                } else if (reader.getLocalName().equals(shape.valueLocationName())) {
                    value = value(reader, model, model.shape(shape.valueShapeName()), depth + 2);
                } else {
                    skip(reader, depth + 2);
                }
            }
            if (key == null || value == null || map.has(key)) {
                throw S3Exception.malformedXml();
            }
            map.set(key, value);
        }
        return map;
    }

    /** The element name a member's value has inside its structure (a flattened list's elements may be renamed). */
    static String elementName(ServiceModel model, Shape.Member member) {
        Shape shape = model.shape(member.shapeName());
        if (shape.type().equals("list") && shape.flattened()) {
            return shape.memberLocationName().orElse(member.locationName());
        }
        return member.locationName();
    }

    private static String localPart(String name) {
        return name.substring(name.indexOf(':') + 1);
    }

    /** The text of a scalar element, which must have no child element; the reader ends at its end. */
    private static String text(XMLStreamReader reader) throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        while (true) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        text.append(reader.getText());
                case XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION -> { }
                case XMLStreamConstants.END_ELEMENT -> {
                    return text.toString();
                }
                default -> throw S3Exception.malformedXml();
            }
        }
    }

    /** Skips an element the shape does not know, within the same depth bound. */
    private static void skip(XMLStreamReader reader, int depth) throws XMLStreamException {
        int level = 1;
        while (level > 0) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                level++;
                if (depth + level - 1 > MAX_DEPTH) {
                    throw S3Exception.malformedXml();
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                level--;
            } else if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw S3Exception.malformedXml();
            }
        }
    }

    /**
     * The next start or end tag, past whitespace, comments and processing instructions; text with anything but
     * whitespace where elements belong, a DTD or an entity reference is malformed.
     */
    private static int nextTag(XMLStreamReader reader) throws XMLStreamException {
        while (true) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT, XMLStreamConstants.END_ELEMENT -> {
                    return event;
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (!reader.isWhiteSpace()) {
                        throw S3Exception.malformedXml();
                    }
                }
                case XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION -> { }
                default -> throw S3Exception.malformedXml();
            }
        }
    }

    private static void close(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException e) {
                // nothing was held but the byte array
            }
        }
    }
}
