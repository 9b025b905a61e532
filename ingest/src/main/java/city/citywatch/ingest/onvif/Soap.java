package city.citywatch.ingest.onvif;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SOAP 1.2 envelopes in and out: namespaces, request envelopes, and namespace-aware DOM reading of answers
 * (devices pick their own prefixes, so nothing here looks at prefixes). The parser refuses DTDs: a device
 * answer is untrusted input (no XXE, no entity expansion).
 */
final class Soap {
    static final String ENV = "http://www.w3.org/2003/05/soap-envelope";
    static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    static final String WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    static final String PASSWORD_DIGEST = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest";
    static final String BASE64 = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";
    static final String TDS = "http://www.onvif.org/ver10/device/wsdl";
    static final String TRT = "http://www.onvif.org/ver10/media/wsdl";
    static final String TT = "http://www.onvif.org/ver10/schema";
    static final String TER = "http://www.onvif.org/ver10/error";
    static final String WSA = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
    static final String WSD = "http://schemas.xmlsoap.org/ws/2005/04/discovery";
    static final String DN = "http://www.onvif.org/ver10/network/wsdl";

    private Soap() {
    }

    /** A request envelope; {@code body} is trusted XML built by this package with {@link #text} escaping. */
    static String envelope(UsernameToken token, String body) {
        String header = token == null ? "" : """
                <wsse:Security env:mustUnderstand="true" xmlns:wsse="%s" xmlns:wsu="%s"><wsse:UsernameToken>\
                <wsse:Username>%s</wsse:Username><wsse:Password Type="%s">%s</wsse:Password>\
                <wsse:Nonce EncodingType="%s">%s</wsse:Nonce><wsu:Created>%s</wsu:Created>\
                </wsse:UsernameToken></wsse:Security>""".formatted(WSSE, WSU, text(token.username()), PASSWORD_DIGEST,
                token.digest(), BASE64, token.nonceBase64(), token.created());
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <env:Envelope xmlns:env="%s" xmlns:tds="%s" xmlns:trt="%s" xmlns:tt="%s">\
                <env:Header>%s</env:Header><env:Body>%s</env:Body></env:Envelope>""".formatted(ENV, TDS, TRT, TT, header, body);
    }

    /** XML text escaping for values put into requests (user names, profile tokens). */
    static String text(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static Document parse(byte[] xml) throws SAXException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            f.setXIncludeAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a standard feature", e);
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array cannot fail", e);
        }
    }

    /** Descendant elements of {@code root} with this namespace and local name, in document order. */
    static List<Element> all(Node root, String ns, String local) {
        NodeList list = root instanceof Document d ? d.getElementsByTagNameNS(ns, local)
                : ((Element) root).getElementsByTagNameNS(ns, local);
        List<Element> out = new ArrayList<>(list.getLength());
        for (int i = 0; i < list.getLength(); i++) out.add((Element) list.item(i));
        return out;
    }

    static Optional<Element> first(Node root, String ns, String local) {
        List<Element> found = all(root, ns, local);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Trimmed text of the first such descendant, if present and not blank. */
    static Optional<String> textOf(Node root, String ns, String local) {
        return first(root, ns, local).map(e -> e.getTextContent().trim()).filter(s -> !s.isEmpty());
    }

    /** Direct child elements of {@code parent} with this namespace and local name. */
    static List<Element> children(Element parent, String ns, String local) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName())) out.add(e);
        }
        return out;
    }

    /**
     * A fault's code as {@code ter:NotAuthorized}: the innermost Subcode value (or the Code value), a QName
     * resolved against the fault's namespaces, shown with the ONVIF spec's prefix when it is an ONVIF error.
     */
    static String faultCode(Element fault) {
        Element value = null;
        for (Element v : all(fault, ENV, "Value")) value = v;
        if (value == null) return "(no code)";
        String qname = value.getTextContent().trim();
        int colon = qname.indexOf(':');
        String local = colon < 0 ? qname : qname.substring(colon + 1);
        String ns = value.lookupNamespaceURI(colon < 0 ? null : qname.substring(0, colon));
        if (TER.equals(ns)) return "ter:" + local;
        if (ENV.equals(ns)) return "env:" + local;
        return qname;
    }

    static String faultReason(Element fault) {
        return textOf(fault, ENV, "Text").orElse("no reason given");
    }
}
