/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Laptop-firmware model "always4k" (HP ZBook): _ROM ignores Arg1 and always
 * returns the 4096 bytes from Arg0 (fewer only where its 256 KiB copy of
 * the ROM ends), and Buffer (1) { 0 } for an offset past that copy.
 */
DefinitionBlock ("", "SSDT", 2, "OVFTST", "MALWAY4K", 1)
{
    External (\OVRB, MethodObj)

    Device (\_SB.OVM5)
    {
        Name (_HID, "OVFR0005")
        Name (CSIZ, 0x00040000)

        Method (_ROM, 2, Serialized)
        {
            If (Arg0 >= CSIZ)
            {
                Return (Buffer (One) { 0x00 })
            }
            Local0 = CSIZ - Arg0
            If (Local0 > 0x1000)
            {
                Local0 = 0x1000
            }
            Return (\OVRB (Arg0, Local0))
        }
    }
}
